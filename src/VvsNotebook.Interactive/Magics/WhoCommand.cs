using System.CommandLine;

namespace VvsNotebook.Interactive.Magics;

/// <summary><c>#!who</c>: the variables the notebook defines now, with their types and values.</summary>
public sealed class WhoCommand() : MagicCommand("#!who", "List the notebook's variables with their types and values", hasOutput: false)
{
    public override Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var rows = context.Variables
            .Select(v => new VariableSummary(v.Name, TypeNames.CSharp(v.Type), Preview(v.Value)))
            .ToList();
        context.Display(rows.Count == 0 ? "No variables defined." : rows);
        return Task.FromResult<object?>(null);
    }

    private static string Preview(object? value)
    {
        var text = Formatting.MimeFormatter.ToPlainText(value).ReplaceLineEndings(" ");
        return text.Length > 80 ? text[..79] + "…" : text;
    }

    /// <summary>One row of the <c>#!who</c> table.</summary>
    public sealed record VariableSummary(string Name, string Type, string Value);
}
