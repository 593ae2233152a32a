using System.Diagnostics.CodeAnalysis;
using VvsNotebook.Fitting;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// Displays this notebook layer attaches to result types of the core library that are plain data (fits carry no
/// display code), looked up by the value's exact type: both hosts format them as they format an IMimeRenderable.
/// </summary>
public static class ResultDisplays
{
    /// <summary>A type's whole bundle, and its text alone (which <c>#!who</c> and a sequence's text need without the figure).</summary>
    private sealed record Display(Func<object, IReadOnlyDictionary<string, string>> Bundle, Func<object, string> Plain);

    private static readonly IReadOnlyDictionary<Type, Display> ByType = new Dictionary<Type, Display>
    {
        [typeof(ScalingLawFit)] = new(value => ScalingLawFitDisplay.Render((ScalingLawFit)value), value => ScalingLawFitDisplay.PlainText((ScalingLawFit)value)),
        [typeof(FitLandscape)] = new(value => FitLandscapeDisplay.Render((FitLandscape)value), value => value.ToString()!),
    };

    /// <summary>The types shown here, for a host that registers formatters per type.</summary>
    public static IEnumerable<Type> Types => ByType.Keys;

    /// <summary>Whether values of <paramref name="type"/> are shown here.</summary>
    public static bool Shows(Type type) => ByType.ContainsKey(type);

    /// <summary>The bundle of <paramref name="value"/> when its type is shown here.</summary>
    public static bool TryRender(object value, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? bundle)
    {
        bundle = ByType.TryGetValue(value.GetType(), out var display) ? display.Bundle(value) : null;
        return bundle is not null;
    }

    /// <summary>The text of <paramref name="value"/> (its bundle's text/plain) when its type is shown here, without building the rest.</summary>
    public static bool TryPlainText(object value, [NotNullWhen(true)] out string? text)
    {
        text = ByType.TryGetValue(value.GetType(), out var display) ? display.Plain(value) : null;
        return text is not null;
    }
}
