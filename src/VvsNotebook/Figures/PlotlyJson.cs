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

    /// <summary>
    /// Merges <paramref name="extra"/> into <paramref name="target"/>: objects merge key by key (so an <c>Extra</c>
    /// <c>xaxis</c> adds to the axis the record wrote), anything else replaces.
    /// </summary>
    public static void Merge(JsonObject target, IEnumerable<KeyValuePair<string, JsonNode?>>? extra)
    {
        if (extra is null) return;
        foreach (var (k, v) in extra)
        {
            if (v is JsonObject add && target[k] is JsonObject existing) Merge(existing, add.ToArray());
            else target[k] = v?.DeepClone();
        }
    }
}
