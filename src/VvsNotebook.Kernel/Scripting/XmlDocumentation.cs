using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Documentation comments from an assembly's XML doc file, so inspection shows summaries for VvsNotebook's own
/// types. (Roslyn's XmlDocumentationProvider lives in the Workspaces layer, which the kernel does not carry.)
/// </summary>
internal sealed class XmlDocumentation(string path) : DocumentationProvider
{
    private readonly Lazy<Dictionary<string, string>> _members = new(() =>
        XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .GroupBy(m => m.Attribute("name")!.Value)
            .ToDictionary(g => g.Key, g => g.First().ToString()));

    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
        _members.Value.TryGetValue(documentationMemberID, out var xml) ? xml : null;

    public override bool Equals(object? obj) => obj is XmlDocumentation other && other._path == _path;

    public override int GetHashCode() => _path.GetHashCode(StringComparison.Ordinal);

    private readonly string _path = path;
}
