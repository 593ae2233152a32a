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

    /// <summary>
    /// Whether this line runs models in this process, and so needs TorchSharp (<see cref="TorchPackage"/>): checked
    /// after parsing, so help and bad-input messages need no torch.
    /// </summary>
    public virtual bool NeedsTorch(ParseResult parse) => false;

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
