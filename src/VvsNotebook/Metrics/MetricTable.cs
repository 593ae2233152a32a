using System.Globalization;
using System.Net;
using System.Text;
using VvsNotebook.Display;

namespace VvsNotebook.Metrics;

/// <summary>Renders a titled two-or-more-column table as the text/plain + text/html MIME bundle of a result (every layer's results use it).</summary>
public static class MetricTable
{
    public static string Num(double v) => double.IsNaN(v) ? "NaN" : v.ToString("G6", CultureInfo.InvariantCulture);

    public static IReadOnlyDictionary<string, string> Bundle(string title, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = header.Select((h, j) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[j].Length))).ToArray();
        var text = new StringBuilder(title).Append('\n');
        text.AppendJoin("  ", header.Select((h, j) => h.PadRight(widths[j]))).Append('\n');
        foreach (var r in all) text.AppendJoin("  ", r.Select((c, j) => c.PadRight(widths[j]))).Append('\n');
        var html = new StringBuilder($"<div><strong>{WebUtility.HtmlEncode(title)}</strong><table><thead><tr>");
        foreach (var h in header) html.Append($"<th>{WebUtility.HtmlEncode(h)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var r in all)
        {
            html.Append("<tr>");
            foreach (var c in r) html.Append($"<td>{WebUtility.HtmlEncode(c)}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
        return new Dictionary<string, string> { [MimeTypes.Plain] = text.ToString().TrimEnd(), [MimeTypes.Html] = html.ToString() };
    }

    /// <summary>A key/value table.</summary>
    public static IReadOnlyDictionary<string, string> Fields(string title, params (string Key, string Value)[] fields) =>
        Bundle(title, ["quantity", "value"], fields.Select(f => (IReadOnlyList<string>)[f.Key, f.Value]));
}
