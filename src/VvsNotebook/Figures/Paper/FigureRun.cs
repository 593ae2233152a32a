using System.Globalization;

namespace VvsNotebook.Figures;

/// <summary>
/// The parameters every figure notebook shares, read from the environment so CI can run the library quickly without
/// editing a notebook: <c>VVS_BOOTSTRAPS</c> (default: the paper's 1000) and <c>VVS_FIGURES_DIR</c> (where panels
/// are saved; default <c>figures/</c> beside the notebook).
/// </summary>
public static class FigureRun
{
    /// <summary>The paper's number of bootstrap resamples.</summary>
    public const int PaperBootstraps = 1000;

    /// <summary>Bootstrap resamples: <c>VVS_BOOTSTRAPS</c>, else 1000.</summary>
    public static int Bootstraps => Environment.GetEnvironmentVariable("VVS_BOOTSTRAPS") is { Length: > 0 } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new FormatException($"VVS_BOOTSTRAPS is '{text}': set it to a whole number of resamples (0 or more), or unset it for the paper's {PaperBootstraps}.")
        : PaperBootstraps;

    /// <summary>Whether this run uses the paper's 1000 resamples (checks on band widths are exact only then).</summary>
    public static bool AtPaperBootstraps => Bootstraps == PaperBootstraps;

    /// <summary>Where panels are saved: <c>VVS_FIGURES_DIR</c>, else <c>figures/</c> in the current (the notebook's) folder.</summary>
    public static string FiguresDirectory => Environment.GetEnvironmentVariable("VVS_FIGURES_DIR") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.GetFullPath("figures");

    /// <summary>
    /// Saves <paramref name="figure"/> as <c>&lt;FiguresDirectory&gt;/&lt;name&gt;.png</c> (rendered offline in headless
    /// Chromium, written atomically) and returns it, so a cell can end with <c>FigureRun.Save(figure, "fig1b")</c> to
    /// both save and show it.
    /// </summary>
    public static PlotlyFigure Save(PlotlyFigure figure, string name, int width = 900, int height = 600, double scale = 1)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a panel name: use letters, digits and dashes, e.g. \"fig1b\" (no extension).", nameof(name));
        Directory.CreateDirectory(FiguresDirectory);
        figure.SavePng(Path.Combine(FiguresDirectory, name + ".png"), width, height, scale);
        return figure;
    }
}
