using System.Globalization;
using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

internal static class PlotlyJson
{
    /// <summary>A JSON value for plot data: non-finite numbers become null (plotly draws a gap), text stays text.</summary>
    public static JsonNode? Value(object? v) => v switch
    {
        null => null,
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        float f => float.IsFinite(f) ? JsonValue.Create((double)f) : null,
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        JsonNode n => n.DeepClone(),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(v.ToString()),
    };

    public static void Merge(JsonObject target, IReadOnlyDictionary<string, JsonNode?>? extra)
    {
        if (extra is null) return;
        foreach (var (k, v) in extra) target[k] = v?.DeepClone();
    }
}
