using System.Diagnostics.CodeAnalysis;
using VvsNotebook.Display;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// Formatters for the libraries users bring from Polyglot Notebooks: Plotly.NET charts render as our Plotly figures
/// (<see cref="PlotlyNetCharts"/>), Deedle frames and series as compact paged tables (<see cref="DeedleTable"/>).
/// Matched by type name, so VvsNotebook has no dependency on F# libraries. Our kernel consults this first (through
/// <see cref="MimeFormatter"/>); a host with its own formatter registry uses <see cref="RegisterDeedleTables"/>.
/// </summary>
public static class ForeignFormatters
{
    private static readonly string[] DeedleTypeNames = ["Deedle.Frame`2", "Deedle.Series`2"];

    /// <summary>True when <see cref="TryFormat"/> formats values of <paramref name="type"/>.</summary>
    public static bool Handles(Type type) => PlotlyNetCharts.Handles(type) || DeedleTable.Handles(type);

    /// <summary>
    /// The MIME bundle of a Plotly.NET chart (<c>application/vnd.plotly.v1+json</c>, <c>text/html</c>,
    /// <c>text/plain</c>) or of a Deedle frame or series (<c>text/html</c>, <c>text/plain</c>); false for anything else.
    /// </summary>
    public static bool TryFormat(object? value, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? bundle)
    {
        bundle = value is null ? null
            : PlotlyNetCharts.TryConvert(value) is { } figure ? figure.ToMimeBundle()
            : DeedleTable.TryCreate(value) is { } table
                ? new Dictionary<string, string> { [MimeTypes.Html] = table.ToHtml(), [MimeTypes.Plain] = table.ToPlainText() }
            : null;
        return bundle is not null;
    }

    /// <summary>
    /// Hands the compact Deedle table to a host's formatter registry: calls
    /// <paramref name="register"/>(open generic type, MIME type, writer) for <c>Deedle.Frame&lt;,&gt;</c> and
    /// <c>Deedle.Series&lt;,&gt;</c>, with <c>text/html</c> and <c>text/plain</c> writers, as soon as Deedle is loaded:
    /// at once if it already is, else when a later <c>#r "nuget:Deedle"</c> loads it (a host extension runs before
    /// the notebook has brought Deedle in). Each type is registered once per call.
    /// </summary>
    /// <example>In .NET Interactive:
    /// <code>ForeignFormatters.RegisterDeedleTables((type, mime, write) => Formatter.Register(type, write, mime));</code>
    /// </example>
    public static void RegisterDeedleTables(Action<Type, string, Action<object, TextWriter>> register)
    {
        var done = new HashSet<Type>();
        void Offer(System.Reflection.Assembly assembly)
        {
            if (assembly.GetName().Name != "Deedle") return;
            foreach (var name in DeedleTypeNames)
            {
                if (assembly.GetType(name) is not { } type) continue;
                lock (done) if (!done.Add(type)) continue;
                register(type, MimeTypes.Html, (value, writer) => writer.Write(Table(value).ToHtml()));
                register(type, MimeTypes.Plain, (value, writer) => writer.Write(Table(value).ToPlainText()));
            }
        }
        // Subscribe before scanning, so a Deedle load between the two is not missed (Offer skips repeats).
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Offer(e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) Offer(assembly);
    }

    private static DeedleTable Table(object value) =>
        DeedleTable.TryCreate(value) ?? throw new ArgumentException($"{value.GetType()} is not a Deedle frame or series.", nameof(value));
}
