namespace VvsNotebook.Display;

/// <summary>
/// A value that renders itself as a MIME bundle (MIME type to payload text). The bundle always includes
/// <c>text/plain</c>; Plotly figures come as <c>application/vnd.plotly.v1+json</c> with a <c>text/html</c> fallback.
/// </summary>
[TypeFormatterSource(typeof(MimeBundleFormatterSource),
    PreferredMimeTypes = [MimeTypes.Plotly, MimeTypes.Html, MimeTypes.Markdown, MimeTypes.Plain])]
public interface IMimeRenderable
{
    IReadOnlyDictionary<string, string> ToMimeBundle();
}

/// <summary>The MIME types VvsNotebook emits.</summary>
public static class MimeTypes
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";
    public const string Latex = "text/latex";
    public const string Json = "application/json";
    public const string Plotly = "application/vnd.plotly.v1+json";
}
