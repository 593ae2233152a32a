using System.CommandLine;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Manifests;

namespace VvsNotebook.Workflow;

/// <summary>Options that several commands and magics share, built in one place so a name means one thing everywhere.</summary>
public static class SharedOptions
{
    /// <summary>The <c>--data-dir</c> option of every magic and CLI command that reads manifest data.</summary>
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Folder holding data files at their manifest paths (default: ${DataResolverOptions.DataDirectoryVariable})",
    };

    /// <summary>A <c>--seed</c>: every command's seed is a whole number, 0 or more (numpy's RandomState takes up to 2^32 - 1).</summary>
    public static Option<int> Seed(string description, int defaultValue) =>
        new Option<int>("--seed") { Description = description, DefaultValueFactory = _ => defaultValue }.AtLeast(0);

    /// <summary>A <c>--seed</c> whose absence means "the experiment's own".</summary>
    public static Option<int?> OptionalSeed(string description) =>
        new Option<int?>("--seed") { Description = description }.AtLeast(0);

    /// <summary>
    /// The <c>--grid</c> option of <c>#!fit</c> and <c>vvs fit</c>: initialisation-grid axes that replace the experiment's
    /// (<see cref="InitialGrid.With(string)"/>). The text is checked here; the names against each experiment's law by
    /// <see cref="GridFor"/>.
    /// </summary>
    public static Option<string?> Grid()
    {
        var option = new Option<string?>("--grid")
        {
            Description = "Start values replacing the experiment's grid axes, others kept: \"alpha=0.1,0.2 e=0\" " +
                          "(lists, or inclusive ranges start:stop:step such as e=-1:1:0.5; names e, a, alpha, lambda, b, beta as the law has them)",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } text) return;
            try
            {
                _ = InitialGrid.Parse(text);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                r.AddError("--grid: " + e.Message);
            }
        });
        return option;
    }

    /// <summary><paramref name="experiment"/>'s grid with the <c>--grid</c> axes <paramref name="overrides"/> replaced; null for none.</summary>
    public static InitialGrid? GridFor(Experiment experiment, string? overrides)
    {
        if (overrides is null) return null;
        try
        {
            return new InitialGrid(experiment.Fit.Init).With(overrides);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ArgumentException($"--grid for {experiment.Name} ({LawForms.Key(experiment.Fit.Form)}): {e.Message}", e);
        }
    }
}
