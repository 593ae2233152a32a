using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VvsNotebook.Tests.Shared;

/// <summary>
/// An exported notebook page as a reader without a network sees it: headless Chromium (Debian's chromium) runs its
/// scripts in an empty network namespace where that is allowed (root), and always behind a proxy that refuses every
/// request, with no name resolution; then each VvsNotebook figure on it must hold Plotly's rendered SVG.
/// </summary>
public static partial class OfflinePage
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The page's DOM after its scripts ran offline.</summary>
    public static string Render(string page)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the Debian package chromium (environment/setup.sh does).");
        var profile = Directory.CreateTempSubdirectory("vvs-chromium-test-").FullName;
        try
        {
            string[] chromium =
            [
                Chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={profile}", "--virtual-time-budget=30000",
                "--dump-dom", new Uri(page).AbsoluteUri,
            ];
            var isolated = Run("/usr/bin/unshare", ["-n", "true"]).ExitCode == 0;
            var (exitCode, stdout, stderr) = isolated ? Run("/usr/bin/unshare", ["-n", "--", .. chromium]) : Run(chromium[0], chromium[1..]);
            Assert.True(exitCode == 0, stderr);
            return stdout;
        }
        finally { Directory.Delete(profile, recursive: true); }
    }

    /// <summary>Each figure's element (from its id to the next figure's) holds Plotly's SVG; there are <paramref name="figures"/>.</summary>
    public static void AssertEveryFigureRenders(string dom, int figures)
    {
        var starts = FigureElement().Matches(dom).Select(m => m.Index).ToList();
        Assert.Equal(figures, starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var element = dom[starts[i]..(i + 1 < starts.Count ? starts[i + 1] : dom.Length)];
            Assert.True(element.Contains("class=\"main-svg\"", StringComparison.Ordinal), $"figure {i + 1} of {starts.Count} did not render");
        }
    }

    /// <summary>The remote (http, https or protocol-relative) script sources of a page.</summary>
    public static List<string> RemoteScripts(string html) => RemoteScript().Matches(html).Select(m => m.Groups[1].Value).ToList();

    private static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout.Result, "timed out after 3 minutes\n" + stderr.Result);
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [GeneratedRegex("<div id=\"vvs-plot-[0-9a-f]+\"")]
    private static partial Regex FigureElement();

    [GeneratedRegex("""<script[^>]*\bsrc\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteScript();
}
