using VvsNotebook.Fitting;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// Displays this notebook layer attaches to result types of the core library that are plain data (fits carry no
/// display code), looked up by the value's exact type: both hosts format them as they format an IMimeRenderable.
/// </summary>
public static class ResultDisplays
{
    private static readonly IReadOnlyDictionary<Type, Func<object, IReadOnlyDictionary<string, string>>> ByType =
        new Dictionary<Type, Func<object, IReadOnlyDictionary<string, string>>>
        {
            [typeof(ScalingLawFit)] = value => ScalingLawFitDisplay.Render((ScalingLawFit)value),
            [typeof(FitLandscape)] = value => FitLandscapeDisplay.Render((FitLandscape)value),
        };

    /// <summary>The types shown here, for a host that registers formatters per type.</summary>
    public static IEnumerable<Type> Types => ByType.Keys;

    /// <summary>Whether values of <paramref name="type"/> are shown here.</summary>
    public static bool Shows(Type type) => ByType.ContainsKey(type);

    /// <summary>The bundle of <paramref name="value"/> when its type is shown here.</summary>
    public static bool TryRender(object value, out IReadOnlyDictionary<string, string> bundle)
    {
        if (ByType.TryGetValue(value.GetType(), out var render))
        {
            bundle = render(value);
            return true;
        }
        bundle = new Dictionary<string, string>();
        return false;
    }
}
