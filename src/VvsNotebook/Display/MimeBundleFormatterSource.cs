using VvsNotebook.Figures;

namespace VvsNotebook.Display;

/// <summary>
/// Formatter source for every <see cref="IMimeRenderable"/>, in the duck-typed shape .NET Interactive expects:
/// each formatter has <c>MimeType</c>, <c>Type</c> and <c>Format(object, TextWriter)</c>. The session's first figure
/// formatted as text/html carries plotly.js (<see cref="NotebookPlotly"/>), so figures render with no network.
/// </summary>
public sealed class MimeBundleFormatterSource
{
    private static readonly string[] Supported =
        [MimeTypes.Plotly, MimeTypes.Html, MimeTypes.Markdown, MimeTypes.Latex, MimeTypes.Json, MimeTypes.Plain];

    public IEnumerable<object> CreateTypeFormatters() => Supported.Select(m => new BundleEntryFormatter(m));

    /// <summary>Writes one entry of a value's bundle; returns false where the value has no such entry.</summary>
    public sealed class BundleEntryFormatter(string mimeType)
    {
        public string MimeType { get; } = mimeType;
        public Type Type => typeof(IMimeRenderable);

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not IMimeRenderable r || !r.ToMimeBundle().TryGetValue(MimeType, out var payload))
                return false;
            // A host asks for text/html only to show it, so this is where a .NET Interactive notebook gets plotly.js:
            // inside the session's first figure (see NotebookPlotly).
            writer.Write(MimeType == MimeTypes.Html ? NotebookPlotly.WithLoaderOnce(payload) : payload);
            return true;
        }
    }
}
