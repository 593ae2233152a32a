using System.Globalization;
using System.Text;

namespace VvsNotebook.Figures;

/// <summary>
/// PNG and SVG export: <c>Plotly.toImage</c> in headless Chromium on a temporary page with the embedded plotly.js, the
/// data URL it resolves to read back over DevTools. Offline: the page loads nothing but that script.
/// </summary>
internal static class StaticImage
{
    /// <summary>Generous: a cold Chromium start on a busy two-core machine takes several seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    private const string Page = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><script type="text/javascript" src="plotly.min.js"></script></head><body></body></html>
        """;

    public static byte[] Render(PlotlyFigure figure, string format, int width, int height, double scale, TimeSpan? timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive.");
        var expression = string.Create(CultureInfo.InvariantCulture,
            $$"""Plotly.toImage({{figure.ToJson()}}, {format: "{{format}}", width: {{width}}, height: {{height}}, scale: {{scale:R}}})""");
        var files = new Dictionary<string, string> { ["plotly.min.js"] = PlotlyJs.Script };
        // Run off the caller's context: a notebook cell calling this synchronously must not deadlock on it.
        var value = Task.Run(() => HeadlessChromium.EvaluateAsync(Page, expression, timeout ?? DefaultTimeout, files)).GetAwaiter().GetResult();
        var url = value?.GetValue<string>() ?? throw new InvalidOperationException("Plotly.toImage returned nothing.");
        return DecodeDataUrl(url);
    }

    /// <summary>The bytes of a data URL: base64 (<c>data:image/png;base64,...</c>) or percent-encoded (SVG).</summary>
    internal static byte[] DecodeDataUrl(string url)
    {
        var comma = url.IndexOf(',');
        if (!url.StartsWith("data:", StringComparison.Ordinal) || comma < 0)
            throw new InvalidOperationException($"Plotly.toImage returned no data URL: {url[..Math.Min(url.Length, 80)]}");
        var header = url[..comma];
        var payload = url[(comma + 1)..];
        return header.EndsWith(";base64", StringComparison.Ordinal)
            ? Convert.FromBase64String(payload)
            : Encoding.UTF8.GetBytes(Uri.UnescapeDataString(payload));
    }
}
