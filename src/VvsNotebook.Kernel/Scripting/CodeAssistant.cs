using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VvsNotebook.Interactive.Formatting;
using VvsNotebook.Interactive.Magics;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Completion and inspection from the semantic model of the cell as the next submission (so earlier cells'
/// variables are in scope), using <c>LookupSymbols</c>: members after a dot (extension methods included), names in
/// scope otherwise. Magic lines complete magic names and their System.CommandLine options.
/// </summary>
public sealed class CodeAssistant(ScriptSession session, MagicRegistry magics)
{
    private static readonly string[] Keywords =
    [
        "abstract", "as", "async", "await", "bool", "break", "case", "catch", "class", "const", "continue", "decimal", "default",
        "delegate", "do", "double", "else", "enum", "false", "finally", "float", "for", "foreach", "if", "in", "int", "interface",
        "is", "long", "new", "null", "object", "out", "private", "public", "record", "ref", "return", "static", "string", "struct",
        "switch", "this", "throw", "true", "try", "typeof", "using", "var", "void", "while", "yield",
    ];

    /// <summary>Completions at UTF-16 offset <paramref name="position"/>: the matches and the span they replace.</summary>
    public (IReadOnlyList<string> Matches, int Start, int End) Complete(string code, int position)
    {
        var line = LineAt(code, position, out var lineStart);
        if (line.TrimStart().StartsWith("#!", StringComparison.Ordinal))
        {
            var matches = magics.Complete(line, position - lineStart, out var replaceStart);
            return (matches, lineStart + replaceStart, position);
        }

        var start = position;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        var prefix = code[start..position];
        var (model, tree) = Model(code);
        IEnumerable<ISymbol> symbols;
        var afterDot = start > 0 && code[start - 1] == '.';
        if (afterDot && tree.GetRoot().FindToken(start - 1).Parent is { } parent && ReceiverOf(parent) is { } receiver)
            symbols = MembersOf(model, receiver, start);
        else if (afterDot)
            symbols = [];
        else
            symbols = model.LookupSymbols(start).Concat(model.LookupNamespacesAndTypes(start));

        var names = symbols.Where(s => s.CanBeReferencedByName).Select(s => s.Name);
        if (!afterDot) names = names.Concat(Keywords);
        var result = names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct().OrderBy(n => !n.StartsWith(prefix, StringComparison.Ordinal)).ThenBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        return (result, start, position);
    }

    /// <summary>A text/plain (and markdown) description of the symbol at <paramref name="position"/>, or null.</summary>
    public IReadOnlyDictionary<string, string>? Inspect(string code, int position)
    {
        var line = LineAt(code, position).Trim();
        if (line.StartsWith("#!", StringComparison.Ordinal))
        {
            // On a magic line, inspection is the magic's -h text.
            var name = line.Split(' ', 2)[0];
            return magics.TryGet(name, out var magic) ? new Dictionary<string, string> { ["text/plain"] = magic.HelpText() } : null;
        }
        var (model, tree) = Model(code);
        var root = tree.GetRoot();
        var token = root.FindToken(Math.Min(position, Math.Max(0, code.Length - 1)));
        if (!token.IsKind(SyntaxKind.IdentifierToken) && position > 0) token = root.FindToken(position - 1);
        if (token.Parent is not { } node) return null;
        var info = model.GetSymbolInfo(node);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetDeclaredSymbol(node) ?? model.GetTypeInfo(node).Type;
        if (symbol is null or IErrorTypeSymbol) return null;

        var lines = new List<string> { $"{Kind(symbol)} {symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}" };
        if (Summary(symbol) is { Length: > 0 } summary) lines.Add(summary);
        if (symbol is IFieldSymbol { ContainingType.IsScriptClass: true } field
            && session.Variables.LastOrDefault(v => v.Name == field.Name) is { Name: not null } variable)
            lines.Add("value: " + MimeFormatter.ToPlainText(variable.Value));
        var text = string.Join("\n", lines);
        return new Dictionary<string, string> { ["text/plain"] = text, ["text/markdown"] = "```csharp\n" + lines[0] + "\n```\n" + string.Join("\n\n", lines.Skip(1)) };
    }

    private static string LineAt(string code, int position) => LineAt(code, position, out _);

    private static string LineAt(string code, int position, out int lineStart)
    {
        lineStart = position > 0 && code[position - 1] == '\n' ? position : code.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        var lineEnd = code.IndexOf('\n', position) is var end and >= 0 ? end : code.Length;
        return code[lineStart..lineEnd];
    }

    private (SemanticModel Model, SyntaxTree Tree) Model(string code)
    {
        var compilation = session.CompilationFor(CellParser.Parse(code).Code);
        var tree = compilation.SyntaxTrees.Last();
        return (compilation.GetSemanticModel(tree), tree);
    }

    private static ExpressionSyntax? ReceiverOf(SyntaxNode node) => node switch
    {
        MemberAccessExpressionSyntax m => m.Expression,
        QualifiedNameSyntax q => q.Left,
        _ when node.Parent is MemberAccessExpressionSyntax m => m.Expression,
        _ => null,
    };

    private static IEnumerable<ISymbol> MembersOf(SemanticModel model, ExpressionSyntax receiver, int position)
    {
        var info = model.GetSymbolInfo(receiver);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is INamespaceSymbol ns) return model.LookupNamespacesAndTypes(position, ns);
        if (symbol is ITypeSymbol type && receiver is not ThisExpressionSyntax && symbol is not ILocalSymbol)
            return model.LookupStaticMembers(position, type).Concat(model.LookupNamespacesAndTypes(position, type));
        var instanceType = model.GetTypeInfo(receiver).Type;
        return instanceType is null ? [] : model.LookupSymbols(position, instanceType, includeReducedExtensionMethods: true).Where(s => !s.IsStatic || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension });
    }

    private static string Kind(ISymbol symbol) => symbol switch
    {
        IFieldSymbol { ContainingType.IsScriptClass: true } => "(variable)",
        ILocalSymbol => "(local)",
        IParameterSymbol => "(parameter)",
        IMethodSymbol => "(method)",
        IPropertySymbol => "(property)",
        IFieldSymbol => "(field)",
        INamedTypeSymbol t => "(" + t.TypeKind.ToString().ToLower(CultureInfo.InvariantCulture) + ")",
        INamespaceSymbol => "(namespace)",
        _ => "(" + symbol.Kind.ToString().ToLower(CultureInfo.InvariantCulture) + ")",
    };

    /// <summary>"M:Ns.Type.Fit(System.Int32)" reads as "Fit".</summary>
    private static string? CrefName(string? cref)
    {
        if (cref is null) return null;
        var name = cref[(cref.IndexOf(':') + 1)..];
        if (name.IndexOf('(') is var paren and >= 0) name = name[..paren];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    private static string? Summary(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml(CultureInfo.InvariantCulture, expandIncludes: false);
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try
        {
            var summary = XElement.Parse(xml).Element("summary");
            if (summary is null) return null;
            var text = string.Concat(summary.Nodes().Select(n => n is XElement el
                ? CrefName(el.Attribute("cref")?.Value) ?? el.Attribute("name")?.Value ?? el.Value
                : n.ToString()));
            return string.Join(" ", text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException) { return null; }
    }
}
