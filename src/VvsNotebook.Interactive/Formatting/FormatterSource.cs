using System.Reflection;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// A type's formatters found through the name-matched <c>TypeFormatterSourceAttribute</c> convention: the attribute
/// names a class with <c>CreateTypeFormatters()</c>, each formatter exposing <c>MimeType</c> and
/// <c>Format(object, TextWriter)</c>. Duck-typed, so a library needs no reference to any notebook host.
/// </summary>
internal sealed class FormatterSource
{
    private readonly IReadOnlyList<(string MimeType, Func<object, TextWriter, bool> Format)> _formatters;

    private FormatterSource(IReadOnlyList<(string, Func<object, TextWriter, bool>)> formatters, string[] preferred)
    {
        _formatters = formatters;
        PreferredMimeTypes = preferred;
    }

    public string[] PreferredMimeTypes { get; }

    public static FormatterSource? For(Type type) => MimeFormatter.SourceFor(type);

    public bool TryFormat(object value, string mimeType, out string text)
    {
        foreach (var (mime, format) in _formatters)
        {
            if (mime != mimeType) continue;
            var writer = new StringWriter();
            if (format(value, writer)) { text = writer.ToString(); return true; }
        }
        text = "";
        return false;
    }

    /// <summary>Every MIME type this source can produce for <paramref name="value"/>, preferred ones first.</summary>
    public IReadOnlyDictionary<string, string> FormatAll(object value)
    {
        var order = PreferredMimeTypes.Concat(_formatters.Select(f => f.MimeType)).Distinct();
        var bundle = new Dictionary<string, string>();
        foreach (var mime in order)
            if (TryFormat(value, mime, out var text)) bundle[mime] = text;
        return bundle;
    }

    public static FormatterSource? Find(Type type)
    {
        foreach (var candidate in SelfBasesAndInterfaces(type))
        {
            var attribute = candidate.GetCustomAttributes(inherit: false)
                .FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            if (attribute is null) continue;
            var attributeType = attribute.GetType();
            if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
            var preferred = attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) as string[] ?? [];
            var source = Activator.CreateInstance(sourceType, nonPublic: true);
            var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (create?.Invoke(source, null) is not IEnumerable<object> formatters) continue;
            return new FormatterSource(formatters.Select(Bind).OfType<(string, Func<object, TextWriter, bool>)>().ToList(), preferred);
        }
        return null;
    }

    private static (string, Func<object, TextWriter, bool>)? Bind(object formatter)
    {
        var type = formatter.GetType();
        if (type.GetProperty("MimeType")?.GetValue(formatter) is not string mime) return null;
        var format = type.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
        if (format is null) return null;
        var target = type.GetProperty("Type")?.GetValue(formatter) as Type;
        return (mime, (value, writer) =>
            (target is null || target.IsInstanceOfType(value)) && format.Invoke(formatter, [value, writer]) is true);
    }

    private static IEnumerable<Type> SelfBasesAndInterfaces(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) yield return t;
        foreach (var i in type.GetInterfaces()) yield return i;
    }
}
