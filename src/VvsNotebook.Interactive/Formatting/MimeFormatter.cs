using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using VvsNotebook.Display;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// Turns any value into a MIME bundle (MIME type to payload text, most preferred first, always with
/// <c>text/plain</c>). Plain result types such as fits format through <see cref="ResultDisplays"/>; types that carry a <c>TypeFormatterSourceAttribute</c> (matched by name, as .NET Interactive
/// does) format through their formatter source; sequences of records become paged HTML tables; Plotly.NET charts
/// and Deedle frames format through <see cref="ForeignFormatters"/>.
/// </summary>
public static class MimeFormatter
{
    private static readonly ConcurrentDictionary<Type, FormatterSource?> Sources = new();

    /// <summary>Formats <paramref name="value"/>; <paramref name="mimeTypes"/> restricts the bundle (text/plain is always kept).</summary>
    public static IReadOnlyDictionary<string, string> ToMimeBundle(object? value, params string[] mimeTypes)
    {
        var bundle = Format(value);
        if (mimeTypes.Length == 0) return bundle;
        var filtered = bundle.Where(kv => mimeTypes.Contains(kv.Key) || kv.Key == MimeTypes.Plain)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var missing = mimeTypes.Where(m => !filtered.ContainsKey(m)).ToList();
        if (missing.Count > 0 && value is string s)
            foreach (var m in missing) filtered[m] = s; // display("<b>x</b>", "text/html") means "this text is HTML"
        return filtered;
    }

    /// <summary>Plain-text form of a value, as shown for execute results.</summary>
    public static string ToPlainText(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ when ResultDisplays.TryPlainText(value, out var plain) => plain,
        _ => FormatterSource.For(value.GetType()) is { } source && source.TryFormat(value, MimeTypes.Plain, out var text)
            ? text
            : value is IEnumerable e && !HasOwnToString(value.GetType()) ? SequenceText(e) : value.ToString() ?? "",
    };

    private static Dictionary<string, string> Format(object? value)
    {
        if (value is null) return new() { [MimeTypes.Plain] = "null" };
        // Before formatter sources: Plotly.NET's GenericChart names its own, whose HTML loads plotly.js from a CDN.
        if (ForeignFormatters.TryFormat(value, out var foreign)) return WithPlain(foreign, value);
        if (ResultDisplays.TryRender(value, out var shown)) return WithPlain(shown, value);
        if (value is IMimeRenderable renderable) return WithPlain(renderable.ToMimeBundle(), value);
        if (FormatterSource.For(value.GetType()) is { } source) return WithPlain(source.FormatAll(value), value);
        if (value is not string && value is IEnumerable sequence && ResultTable.TryCreate(sequence) is { } table)
            return new() { [MimeTypes.Html] = table.ToHtml(), [MimeTypes.Plain] = table.ToPlainText() };
        return new() { [MimeTypes.Plain] = ToPlainText(value) };
    }

    private static Dictionary<string, string> WithPlain(IReadOnlyDictionary<string, string> bundle, object value)
    {
        var result = bundle.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (!result.ContainsKey(MimeTypes.Plain)) result[MimeTypes.Plain] = value.ToString() ?? value.GetType().Name;
        return result;
    }

    private static bool HasOwnToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } d && d != typeof(object);

    private static string SequenceText(IEnumerable sequence)
    {
        const int shown = 20;
        var items = sequence.Cast<object?>().Take(shown + 1).Select(ToPlainText).ToList();
        var more = items.Count > shown ? ", …" : "";
        return "[" + string.Join(", ", items.Take(shown)) + more + "]";
    }

    internal static FormatterSource? SourceFor(Type type) => Sources.GetOrAdd(type, FormatterSource.Find);
}
