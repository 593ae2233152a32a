using System.Text.RegularExpressions;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Splits a cell into the lines the kernel handles itself (<c>#!magic …</c>, <c>#r "nuget:…"</c>,
/// <c>#i "nuget:…"</c>) and the C# that Roslyn compiles. Those lines are blanked, not removed, so compile errors keep
/// the cell's line numbers. Directives run in the order they appear, before the cell's C#.
/// </summary>
public static partial class CellParser
{
    public static ParsedCell Parse(string cell)
    {
        var lines = cell.Split('\n');
        var directives = new List<CellDirective>();
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            CellDirective? directive = text switch
            {
                _ when text.StartsWith("#!", StringComparison.Ordinal) => new CellDirective(DirectiveKind.Magic, text, i + 1),
                _ when NuGetReference().Match(text) is { Success: true } m =>
                    new CellDirective(DirectiveKind.Package, m.Groups["id"].Value.Trim(), i + 1, m.Groups["version"].Success ? m.Groups["version"].Value.Trim() : null),
                _ when NuGetSource().Match(text) is { Success: true } m => new CellDirective(DirectiveKind.PackageSource, m.Groups["source"].Value.Trim(), i + 1),
                _ => null,
            };
            if (directive is null) continue;
            directives.Add(directive);
            lines[i] = lines[i].EndsWith('\r') ? "\r" : "";
        }
        return new ParsedCell(directives, string.Join('\n', lines));
    }

    [GeneratedRegex("^#r\\s+\"nuget:\\s*(?<id>[^,\"]+)(,\\s*(?<version>[^\"]+))?\"\\s*$")]
    private static partial Regex NuGetReference();

    [GeneratedRegex("^#i\\s+\"nuget:\\s*(?<source>[^\"]+)\"\\s*$")]
    private static partial Regex NuGetSource();
}

/// <summary>A cell split into kernel directives and the remaining C# (with directive lines left blank).</summary>
public sealed record ParsedCell(IReadOnlyList<CellDirective> Directives, string Code)
{
    public bool HasCode => !string.IsNullOrWhiteSpace(Code);
}

/// <summary>One directive line: a magic (its full text), a package (id and optional version) or a package source.</summary>
public sealed record CellDirective(DirectiveKind Kind, string Text, int Line, string? Version = null);

/// <summary>The kinds of line the kernel handles before Roslyn sees the cell.</summary>
public enum DirectiveKind { Magic, Package, PackageSource }
