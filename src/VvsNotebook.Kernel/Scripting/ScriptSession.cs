using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Text;
using VvsNotebook.Interactive.Magics;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// The notebook's C# state: a chain of Roslyn script submissions, one per cell, so variables, types and usings
/// carry from cell to cell. A compile error leaves the state as it was; a runtime exception keeps whatever the cell
/// assigned before it threw.
/// </summary>
/// <remarks>
/// Cells are compiled with <see cref="CSharpCompilation.CreateScriptCompilation"/> and run through the submission's
/// factory, as Roslyn's scripting layer does, but without two of its per-cell costs that dominated a small cell's
/// round trip: that layer hands every submission the whole reference list again (rebinding every referenced assembly
/// in each cell, where a submission inherits its predecessor's references anyway), and it builds each compilation for
/// a concurrent build, which on a small, busy machine costs more in thread hops than it saves.
/// </remarks>
public sealed class ScriptSession
{
    private static readonly string[] DefaultImports =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Text", "System.Threading",
        "System.Threading.Tasks", "VvsNotebook", "VvsNotebook.Data", "VvsNotebook.Display", "VvsNotebook.Experiments", "VvsNotebook.Fitting",
        "VvsNotebook.Figures", "VvsNotebook.Kernel.Scripting",
    ];

    private readonly Lock _lock = new();
    private readonly CellLoadContext _loader = new();
    private readonly CSharpCompilationOptions _compilationOptions;
    private readonly Dictionary<string, object> _pendingBindings = [];
    private readonly SubmissionLines _lines = new();
    private readonly string _sessionId = Guid.NewGuid().ToString("N")[..12];
    private ImmutableList<MetadataReference> _pendingReferences;
    private CSharpCompilation? _last;
    private int _submissionCount;
    // Slot 0 holds the globals; each submission's constructor stores itself in the next slot.
    private object?[] _submissions = new object?[32];

    public ScriptSession(KernelGlobals globals, string workingDirectory)
    {
        _submissions[0] = globals;
        _pendingReferences = [.. PlatformReferences()];
        _compilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            usings: DefaultImports,
            optimizationLevel: OptimizationLevel.Debug,
            allowUnsafe: true,
            warningLevel: 4,
            concurrentBuild: false,
            sourceReferenceResolver: new SourceFileResolver(ImmutableArray<string>.Empty, workingDirectory),
            metadataReferenceResolver: ScriptMetadataResolver.Default.WithBaseDirectory(workingDirectory));
    }

    /// <summary>Parse options for cells (script kind, latest language), shared with completion and is_complete.</summary>
    public static CSharpParseOptions ParseOptions { get; } =
        new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    /// <summary>The variables the notebook defines now (latest definition of each name).</summary>
    public IReadOnlyList<(string Name, Type Type, object? Value)> Variables
    {
        get
        {
            var variables = new List<(string Name, Type Type, object? Value)>();
            foreach (var submission in _submissions.Skip(1))
            {
                if (submission is null) continue;
                // Script variables are the submission's public fields; compiler-made ones have unspeakable names.
                foreach (var member in submission.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly))
                    if (member.Name is [var first, ..] && (char.IsLetterOrDigit(first) || first == '_'))
                        variables.Add((member.Name, member.FieldType, member.GetValue(submission)));
            }
            return variables.GroupBy(v => v.Name).Select(g => g.Last()).ToList();
        }
    }

    /// <summary>Adds references (from <c>#r "nuget:…"</c>) for the following cells, at compile time and at run time.</summary>
    public void AddReferences(IEnumerable<string> paths)
    {
        var files = paths.ToList();
        foreach (var path in files) _loader.AddFile(AssemblyName.GetAssemblyName(path).Name!, path);
        lock (_lock) _pendingReferences = _pendingReferences.AddRange(files.Select(p => MetadataReference.CreateFromFile(p)));
    }

    /// <summary>The compilation a cell would have now, for completion and inspection (not run).</summary>
    public Compilation CompilationFor(string code) => Submission(Parse(code, "completion", CancellationToken.None), "completion");

    /// <summary>Compiles and runs one cell. Returns its value (if it ends in an expression) or its failure.</summary>
    public async Task<CellOutcome> RunAsync(string code, string name, CancellationToken cancellationToken)
    {
        var tree = Parse(code, name, cancellationToken);
        var hasValue = EndsInExpression(tree);
        var compilation = Submission(InterruptRewriter.Rewrite(tree), $"vvs-cell-{_sessionId}-{_submissionCount + 1}");
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, cancellationToken: cancellationToken);
        if (emitted.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            return new CellOutcome(null, false, CellError.FromDiagnostics(emitted.Diagnostics));
        Func<object?[], Task<object?>>? factory = null;
        if (emitted.Success && compilation.GetEntryPoint(cancellationToken) is { } entryPoint)
        {
            image.Position = 0;
            var assembly = _loader.LoadCell(image);
            var method = assembly.GetType(entryPoint.ContainingType.MetadataName, throwOnError: true)!
                .GetMethod(entryPoint.MetadataName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;
            factory = method.CreateDelegate<Func<object?[], Task<object?>>>();
        }
        // From here the cell is part of the notebook, even if it throws: what it assigned before stays defined.
        Advance(compilation);
        if (factory is null) return new CellOutcome(null, false, null); // nothing to run, e.g. only using directives
        object? value;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            value = await factory(_submissions);
        }
        catch (Exception e)
        {
            return new CellOutcome(null, false, e is OperationCanceledException && CellInterrupt.Token.IsCancellationRequested
                ? CellError.Interrupted() : CellError.FromException(e, StackTraceOf));
        }
        return new CellOutcome(value, hasValue, null);
    }

    /// <summary>
    /// <paramref name="exception"/>'s stack trace with <c>cell[n]:line k</c> for frames in cells (which are emitted
    /// without debug information). Call on the cell thread, like <see cref="RunAsync"/>.
    /// </summary>
    public string? StackTraceOf(Exception exception) => _lines.StackTrace(exception, Submitted);

    /// <summary>
    /// Declares a variable holding <paramref name="value"/> (<c>--out</c> of a magic). Typed as the value's most
    /// specific public type, so the next cell can use its members without casts.
    /// </summary>
    public async Task BindAsync(string name, object value, CancellationToken cancellationToken)
    {
        var type = PublicTypeOf(value.GetType());
        lock (_pendingBindings) _pendingBindings[name] = value;
        var code = $"var {name} = ({TypeNames.Qualified(type)})global::VvsNotebook.Kernel.Scripting.ScriptBindings.Take(\"{name}\");";
        ScriptBindings.Pending = _pendingBindings;
        var outcome = await RunAsync(code, $"--out {name}", cancellationToken);
        if (outcome.Error is { } error) throw new InvalidOperationException($"Could not bind --out {name}: {error.Evalue}");
    }

    private static SyntaxTree Parse(string code, string path, CancellationToken cancellationToken) =>
        // UTF-8 so that a failing cell can be emitted again with a PDB (which needs the source's encoding).
        CSharpSyntaxTree.ParseText(SourceText.From(code, System.Text.Encoding.UTF8), ParseOptions, path, cancellationToken);

    /// <summary>
    /// <paramref name="tree"/> as the next submission. Only the first submission and references added since the last
    /// one are passed in; the rest come from the previous submission.
    /// </summary>
    private CSharpCompilation Submission(SyntaxTree tree, string assemblyName)
    {
        CSharpCompilation? previous;
        ImmutableList<MetadataReference> references;
        int number;
        lock (_lock) (previous, references, number) = (_last, _pendingReferences, _submissionCount + 1);
        return CSharpCompilation.CreateScriptCompilation(
            assemblyName, tree, references, _compilationOptions.WithScriptClassName($"Submission#{number}"),
            previous, typeof(object), typeof(KernelGlobals));
    }

    /// <summary>
    /// Makes <paramref name="compilation"/> the latest submission. Files it names with <c>#r</c> become loadable here,
    /// whether or not it has code to run: a cell of only <c>#r "lib.dll"</c> is the usual way to reference one.
    /// </summary>
    private void Advance(CSharpCompilation compilation)
    {
        foreach (var reference in compilation.DirectiveReferences.OfType<PortableExecutableReference>())
            if (reference.FilePath is { } path && compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly)
                _loader.AddFile(assembly.Identity.Name, path);
        lock (_lock)
        {
            _last = compilation;
            _submissionCount++;
            _pendingReferences = [];
            // A submission takes at most the next slot; the array is copied, never shrunk, as cells hold no reference to it.
            if (_submissionCount + 1 >= _submissions.Length) Array.Resize(ref _submissions, _submissions.Length * 2);
        }
    }

    /// <summary>The submission in the chain that was emitted as <paramref name="assemblyName"/>, if any.</summary>
    private Compilation? Submitted(string assemblyName)
    {
        for (var submission = _last; submission is not null; submission = submission.ScriptCompilationInfo?.PreviousScriptCompilation)
            if (submission.AssemblyName == assemblyName) return submission;
        return null;
    }

    private static bool EndsInExpression(SyntaxTree tree) =>
        tree.GetRoot() is CompilationUnitSyntax unit
        && unit.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } };

    private static Type PublicTypeOf(Type type)
    {
        if (type.IsVisible && !type.IsGenericTypeDefinition) return type;
        for (var t = type.BaseType; t is not null; t = t.BaseType) if (t.IsVisible && t != typeof(object)) return t;
        return type.GetInterfaces().FirstOrDefault(i => i.IsVisible && i.IsGenericType) ?? typeof(object);
    }

    /// <summary>
    /// Framework assemblies cells reference by default. Every reference costs time in each cell's compilation, so
    /// this is the everyday set rather than the whole framework; <c>#r "System.Xyz.dll"</c> adds any other.
    /// </summary>
    private static readonly HashSet<string> FrameworkReferences = new(StringComparer.OrdinalIgnoreCase)
    {
        "System.Private.CoreLib", "System.Runtime", "netstandard", "System.Console", "System.Linq", "System.Linq.Expressions",
        "System.Collections", "System.Collections.Concurrent", "System.Collections.Immutable", "System.ObjectModel",
        "System.Runtime.Numerics", "System.Numerics.Vectors", "System.Memory", "System.Text.RegularExpressions",
        "System.Text.Json", "System.Threading", "System.Threading.Tasks.Parallel", "System.Threading.Thread",
        "System.IO.Compression", "System.Net.Http", "System.Net.Primitives", "System.Diagnostics.Process",
        "System.ComponentModel.Primitives", "System.Runtime.InteropServices", "System.Xml.ReaderWriter", "System.Xml.Linq",
        "System.Private.Xml", "System.Private.Xml.Linq", "System.Private.Uri", "Microsoft.CSharp", "System.Data.Common",
    };

    private static IEnumerable<MetadataReference> PlatformReferences()
    {
        // ScriptOptions.Default misses much of the framework on .NET 10 (System.Linq among them), so references come
        // from the trusted platform assemblies: the everyday framework set plus every application assembly
        // (VvsNotebook and its dependencies) except the compiler's own.
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (var path in tpa.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var isFramework = string.Equals(Path.GetDirectoryName(path), framework, StringComparison.Ordinal);
            if (isFramework ? !FrameworkReferences.Contains(name) : ExcludedApplicationAssembly(name)) continue;
            var documentation = Path.ChangeExtension(path, ".xml");
            yield return File.Exists(documentation)
                ? MetadataReference.CreateFromFile(path, documentation: new XmlDocumentation(documentation))
                : MetadataReference.CreateFromFile(path);
        }
    }

    private static bool ExcludedApplicationAssembly(string name) =>
        name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || name.StartsWith("System.Composition", StringComparison.Ordinal)
        || name.StartsWith("xunit", StringComparison.Ordinal) || name.StartsWith("Microsoft.TestPlatform", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.VisualStudio", StringComparison.Ordinal) || name == "testhost";
}

/// <summary>The result of running one cell: its value, whether it ended in an expression, or its error.</summary>
public sealed record CellOutcome(object? Value, bool HasValue, CellError? Error);
