using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// One magic command (<c>#!fit</c>, <c>#!data</c>…): a System.CommandLine definition plus the work it does. Subclasses
/// add options in their constructor and implement <see cref="RunAsync"/>; the result, if any, is displayed and bound
/// to the variable named by <c>--out</c>.
/// </summary>
public abstract partial class MagicCommand
{
    protected MagicCommand(string name, string description, bool hasOutput = true)
    {
        if (!name.StartsWith("#!", StringComparison.Ordinal))
            throw new ArgumentException($"Magic names start with '#!'. Got '{name}'.", nameof(name));
        Command = new Command(name, description) { new HelpOption() };
        if (hasOutput)
        {
            Out = new Option<string?>("--out", "-o") { Description = "Bind the result to a C# variable of this name" };
            Out.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string?>() is { } v && !Identifier().IsMatch(v))
                    r.AddError($"--out needs a C# identifier. Got '{v}'.");
            });
            Command.Add(Out);
        }
    }

    /// <summary>The System.CommandLine definition: options, help text and completions come from here.</summary>
    public Command Command { get; }

    public string Name => Command.Name;

    public string Description => Command.Description ?? "";

    /// <summary>The <c>--out</c> option, or null for magics that produce no value.</summary>
    public Option<string?>? Out { get; }

    /// <summary>Does the magic's work; returns the value to display and bind, or null.</summary>
    public abstract Task<object?> RunAsync(ParseResult parse, IMagicContext context);

    /// <summary>
    /// Adds a positional argument that refuses option-like values, so a mistyped <c>--optoin</c> is reported as an
    /// unknown option instead of being taken as the argument.
    /// </summary>
    protected void AddArgument(Argument<string?> argument)
    {
        argument.Validators.Add(r =>
        {
            foreach (var token in r.Tokens.Where(t => t.Value.StartsWith('-')))
                r.AddError($"Unrecognized option '{token.Value}'.");
        });
        Command.Add(argument);
    }

    /// <summary>The <c>--data-dir</c> option of every magic and CLI command that reads manifest data.</summary>
    public static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"Folder holding data files at their manifest paths (default: ${VvsNotebook.Manifests.DataResolverOptions.DataDirectoryVariable})",
    };

    /// <summary>
    /// The <c>--grid</c> option of <c>#!fit</c> and <c>vvs fit</c>: initialisation-grid axes that replace the experiment's
    /// (<see cref="VvsNotebook.Fitting.InitialGrid.With(string)"/>). The text is checked here; the names against each
    /// experiment's law by <see cref="GridFor"/>.
    /// </summary>
    public static Option<string?> GridOption()
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
                _ = VvsNotebook.Fitting.InitialGrid.Parse(text);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                r.AddError("--grid: " + e.Message);
            }
        });
        return option;
    }

    /// <summary><paramref name="experiment"/>'s grid with the <c>--grid</c> axes <paramref name="overrides"/> replaced; null for none.</summary>
    public static VvsNotebook.Fitting.InitialGrid? GridFor(VvsNotebook.Experiments.Experiment experiment, string? overrides)
    {
        if (overrides is null) return null;
        try
        {
            return new VvsNotebook.Fitting.InitialGrid(experiment.Fit.Init).With(overrides);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ArgumentException($"--grid for {experiment.Name} ({VvsNotebook.Fitting.Laws.LawForms.Key(experiment.Fit.Form)}): {e.Message}", e);
        }
    }

    /// <summary>The help text <c>-h</c> prints.</summary>
    public string HelpText()
    {
        var writer = new StringWriter();
        System.CommandLine.Parsing.CommandLineParser.Parse(Command, ["-h"]).Invoke(new InvocationConfiguration { Output = writer });
        return writer.ToString().TrimEnd();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
