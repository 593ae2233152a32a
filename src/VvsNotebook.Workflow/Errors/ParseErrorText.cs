using System.CommandLine;
using System.Text.RegularExpressions;

namespace VvsNotebook.Workflow;

/// <summary>
/// Parse errors and argument errors in words a user reads, for the CLI and the magics alike: no .NET type names
/// ("as expected type 'System.Int32'" becomes "as a whole number"), no "(Parameter 'x')" suffixes.
/// </summary>
public static partial class ParseErrorText
{
    /// <summary>Every error of <paramref name="parse"/>, one per line, friendly.</summary>
    public static IReadOnlyList<string> Of(ParseResult parse) => parse.Errors.Select(e => Friendly(e.Message)).Distinct().ToList();

    public static string Friendly(string message)
    {
        message = ExpectedType().Replace(message, m => "as " + TypeWords(m.Groups[1].Value));
        return ParameterSuffix().Replace(message, "");
    }

    private static string TypeWords(string type)
    {
        var inner = Nullable().Match(type) is { Success: true } n ? n.Groups[1].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.UInt32" or "System.UInt64" or "System.UInt16" => "a whole number, 0 or more",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.IO.FileInfo" => "a file path",
            "System.IO.DirectoryInfo" => "a folder path",
            var t => "a " + t[(t.LastIndexOf('.') + 1)..].ToLowerInvariant(),
        };
    }

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"System\.Nullable`1\[\[?([^,\]]+)")]
    private static partial Regex Nullable();

    [GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();
}
