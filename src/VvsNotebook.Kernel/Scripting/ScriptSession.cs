using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;
using VvsNotebook.Interactive.Magics;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// The notebook's C# state: a chain of Roslyn script submissions, one per cell, so variables, types and usings
/// carry from cell to cell. A compile error leaves the state as it was; a runtime exception keeps whatever the cell
/// assigned before it threw.
/// </summary>
public sealed class ScriptSession
{
    private static readonly string[] DefaultImports =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Text", "System.Threading",
        "System.Threading.Tasks", "VvsNotebook", "VvsNotebook.Data", "VvsNotebook.Display", "VvsNotebook.Experiments", "VvsNotebook.Fitting",
        "VvsNotebook.Figures", "VvsNotebook.Kernel.Scripting",
    ];

    private readonly InteractiveAssemblyLoader _loader = new();
    private readonly KernelGlobals _globals;
    private readonly Dictionary<string, object> _pendingBindings = [];
    private readonly SubmissionLines _lines = new();
    private ScriptOptions _options;
    private ScriptState<object?>? _state;

    public ScriptSession(KernelGlobals globals, string workingDirectory)
    {
        _globals = globals;
        foreach (var assembly in new[] { typeof(ScriptSession).Assembly, typeof(MagicRegistry).Assembly, typeof(VvsNotebook.Display.IMimeRenderable).Assembly })
            _loader.RegisterDependency(assembly);
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(PlatformReferences())
            .WithImports(DefaultImports)
            // No PDB per cell: SubmissionLines emits one only for a cell that fails, for its stack trace's lines.
            .WithEmitDebugInformation(false)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithAllowUnsafe(true)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(workingDirectory))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, workingDirectory));
    }

    /// <summary>Parse options for cells (script kind, latest language), shared with completion and is_complete.</summary>
    public static CSharpParseOptions ParseOptions { get; } =
        new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    public ScriptOptions Options => _options;

    /// <summary>The variables the notebook defines now (latest definition of each name).</summary>
    public IReadOnlyList<(string Name, Type Type, object? Value)> Variables =>
        _state is null ? [] : _state.Variables.Where(v => !v.Name.StartsWith('<'))
            .GroupBy(v => v.Name).Select(g => g.Last()).Select(v => (v.Name, v.Type, (object?)v.Value)).ToList();

    /// <summary>Adds compile-time references (from <c>#r "nuget:…"</c>) for the following cells.</summary>
    public void AddReferences(IEnumerable<string> paths) =>
        _options = _options.AddReferences(paths.Select(p => MetadataReference.CreateFromFile(p)));

    /// <summary>The compilation a cell would have now, for completion and inspection (not run).</summary>
    public Compilation CompilationFor(string code) => ScriptFor(code, "completion").GetCompilation();

    /// <summary>Compiles and runs one cell. Returns its value (if it ends in an expression) or its failure.</summary>
    public async Task<CellOutcome> RunAsync(string code, string name, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ParseOptions, name, cancellationToken: cancellationToken);
        var hasValue = EndsInExpression(tree);
        var runnable = InterruptRewriter.Rewrite(tree).GetRoot(cancellationToken).ToFullString();
        var script = ScriptFor(runnable, name);
        ScriptState<object?> state;
        try
        {
            // Running compiles and emits once; an explicit Compile() first would bind every method body twice.
            state = _state is null
                ? await script.RunAsync(_globals, _ => true, cancellationToken)
                : await script.RunFromAsync(_state, _ => true, cancellationToken);
        }
        catch (CompilationErrorException compileError)
        {
            return new CellOutcome(null, false, CellError.FromDiagnostics(compileError.Diagnostics));
        }
        _state = state;
        if (state.Exception is { } e)
            return new CellOutcome(null, false, e is OperationCanceledException && CellInterrupt.Token.IsCancellationRequested
                ? CellError.Interrupted() : CellError.FromException(e, StackTraceOf));
        return new CellOutcome(state.ReturnValue, hasValue, null);
    }

    /// <summary>
    /// <paramref name="exception"/>'s stack trace with <c>cell[n]:line k</c> for frames in cells (which are emitted
    /// without debug information). Call on the cell thread, like <see cref="RunAsync"/>.
    /// </summary>
    public string? StackTraceOf(Exception exception) => _lines.StackTrace(exception, _state?.Script);

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

    private Script<object?> ScriptFor(string code, string name)
    {
        var options = _options.WithFilePath(name);
        var script = _state is null
            ? CSharpScript.Create<object?>(code, options, typeof(KernelGlobals), _loader)
            : _state.Script.ContinueWith<object?>(code, options);
        CompileSequentially(script);
        return script;
    }

    // Roslyn's script compiler always asks for a concurrent build, which fans a one-line cell's binding and emit out
    // to thread-pool tasks; on a small, busy machine those hops cost more than the work (about a third of binding).
    // ScriptOptions has no knob for it, so the submission's lazily created compilation is swapped for the same one
    // built sequentially. If a Roslyn update renames the field, cells simply compile concurrently as before.
    private static readonly System.Reflection.FieldInfo? LazyCompilation =
        typeof(Script).GetField("_lazyCompilation", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic) is { } field
        && field.FieldType == typeof(Compilation) ? field : null;

    private static void CompileSequentially(Script script)
    {
        if (LazyCompilation is null) return;
        var compilation = script.GetCompilation();
        if (compilation.Options.ConcurrentBuild)
            LazyCompilation.SetValue(script, compilation.WithOptions(compilation.Options.WithConcurrentBuild(false)));
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
