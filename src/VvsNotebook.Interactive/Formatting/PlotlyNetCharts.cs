using System.Collections.Concurrent;
using System.Reflection;
using VvsNotebook.Figures;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// Plotly.NET's <c>GenericChart</c> as a <see cref="PlotlyFigure"/>: Plotly.NET serialises the chart itself
/// (<c>GenericChart.toFigureJson</c>, found by reflection, so VvsNotebook needs no reference to Plotly.NET or
/// FSharp.Core) and <see cref="PlotlyRawFigure.FromJson"/> reads it back, so a chart renders exactly like our own
/// figures, with our offline HTML fallback rather than Plotly.NET's CDN-loading HTML.
/// </summary>
public static class PlotlyNetCharts
{
    private static readonly ConcurrentDictionary<Type, MethodInfo?> Serializers = new();

    /// <summary>True when <paramref name="type"/> is a Plotly.NET chart.</summary>
    public static bool Handles(Type type) => Serializer(type) is not null;

    /// <summary>The chart as a figure; null when <paramref name="value"/> is no Plotly.NET chart.</summary>
    public static PlotlyFigure? TryConvert(object value)
    {
        if (Serializer(value.GetType()) is not { } toJson) return null;
        // DoNotWrapExceptions: a chart that cannot serialise reports Plotly.NET's own error, not a reflection wrapper.
        var json = (string)toJson.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [value], null)!;
        return PlotlyRawFigure.FromJson(json);
    }

    private static MethodInfo? Serializer(Type type) => Serializers.GetOrAdd(type, Find);

    // Plotly.NET 5+ compiles GenericChart as a union type (cases are nested subclasses) carrying static toFigureJson;
    // up to 4.x the union sat inside a module class `GenericChart` that holds the functions. Either way the function
    // takes the chart; toJson (data, layout, config) is the fallback where toFigureJson is missing.
    private static MethodInfo? Find(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (t.Name != "GenericChart" || t.Assembly.GetName().Name != "Plotly.NET") continue;
            foreach (var holder in new[] { t, t.DeclaringType })
            foreach (var name in new[] { "toFigureJson", "toJson" })
            {
                var method = holder?.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m =>
                    m.Name == name && m.ReturnType == typeof(string) && m.GetParameters() is [var p] && p.ParameterType.IsAssignableFrom(type));
                if (method is not null) return method;
            }
        }
        return null;
    }
}
