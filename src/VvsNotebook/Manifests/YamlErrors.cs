using YamlDotNet.Core;

namespace VvsNotebook.Manifests;

/// <summary>
/// YamlDotNet's errors in a user's words, for every YAML file the project reads (experiments, manifests): the file,
/// the line and column of the fault itself (not of the scalar it interrupted), and the cause.
/// </summary>
public static partial class YamlErrors
{
    /// <summary>A <see cref="ManifestFormatException"/> naming <paramref name="source"/>, the fault's position and its cause.</summary>
    public static ManifestFormatException Describe(YamlException e, string source, string? text = null)
    {
        // The innermost YAML error is the real one; "Exception during deserialization" only wraps it.
        var inner = e;
        for (var x = e.InnerException; x is not null; x = x.InnerException)
            if (x is YamlException y) inner = y;
        var message = inner.Message;
        var cause = message switch
        {
            _ when IsTab(message) => "a tab is not allowed for indentation in YAML; indent with spaces",
            _ when message.Contains("did not find expected ',' or ']'", StringComparison.Ordinal) => "a '[' is not closed by ']' (or a ',' is missing between items)",
            _ when message.Contains("did not find expected ',' or '}'", StringComparison.Ordinal) => "a '{' is not closed by '}' (or a ',' is missing between items)",
            _ when message.Contains("did not find expected key", StringComparison.Ordinal) => "a line is indented unlike its siblings, or a key lacks its ':'",
            _ when message.Contains("mapping values are not allowed", StringComparison.Ordinal) => "a ':' inside a value; quote the value",
            _ when UnknownProperty().Match(message) is { Success: true } m => $"unknown key '{m.Groups[1].Value}' (a typo? the keys are listed in data-manifests/README.md)",
            // YamlDotNet gives no words when a flow collection runs to the end of the file; the position is where it opened.
            _ when message == "Exception during deserialization" && inner.InnerException is InvalidOperationException => "a '[' or '{' opened here is never closed",
            _ when message == "Exception during deserialization" && inner.InnerException is { } cs => cs.Message.TrimEnd('.'),
            _ => message.TrimEnd('.'),
        };
        // A tab is found where it stands: past the scalar the scanner was reading, so the fault's end marks it.
        var (line, column) = IsTab(message) ? FirstIndentingTab(text) ?? (inner.End.Line, inner.End.Column) : (inner.Start.Line, inner.Start.Column);
        return new ManifestFormatException($"{source}, line {line}, column {column}: {cause}.", e);
    }

    /// <summary>The first tab in a line's indentation (1-based), which YamlDotNet sometimes reports at the enclosing mapping's start.</summary>
    private static (long Line, long Column)? FirstIndentingTab(string? text)
    {
        if (text is null) return null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0) return (i + 1, tab + 1);
        }
        return null;
    }

    private static bool IsTab(string message) => message.Contains("tab character", StringComparison.OrdinalIgnoreCase) || message.Contains("invalid tab", StringComparison.OrdinalIgnoreCase);

    [System.Text.RegularExpressions.GeneratedRegex(@"Property '([^']+)' not found on type")]
    private static partial System.Text.RegularExpressions.Regex UnknownProperty();
}
