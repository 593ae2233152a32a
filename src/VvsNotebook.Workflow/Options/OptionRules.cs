using System.CommandLine;
using System.Numerics;

namespace VvsNotebook.Workflow;

/// <summary>
/// Range checks attached to options, so the CLI and the magics refuse the same values at parse time with the same
/// words (instead of a negative count being ignored, or a statistic computed from a single resample).
/// </summary>
public static class OptionRules
{
    /// <summary>Refuses values below <paramref name="min"/>.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T min, string? why = null) where T : struct, INumber<T>
    {
        option.Validators.Add(r =>
        {
            if (TryValue<T>(r, out var v) && v < min)
                r.AddError($"{option.Name} must be at least {min} (got {v}){(why is null ? "." : $": {why}.")}");
        });
        return option;
    }

    /// <summary>Refuses nullable values below <paramref name="min"/> (null, the default, passes).</summary>
    public static Option<T?> AtLeast<T>(this Option<T?> option, T min, string? why = null) where T : struct, INumber<T>
    {
        option.Validators.Add(r =>
        {
            if (TryValue<T?>(r, out var n) && n is { } v && v < min)
                r.AddError($"{option.Name} must be at least {min} (got {v}){(why is null ? "." : $": {why}.")}");
        });
        return option;
    }

    /// <summary>Refuses values outside the open-closed interval (<paramref name="low"/>, <paramref name="high"/>], e.g. a rate.</summary>
    public static Option<double> Within(this Option<double> option, double low, double high)
    {
        option.Validators.Add(r =>
        {
            if (TryValue<double>(r, out var v) && !(v > low && v <= high))
                r.AddError($"{option.Name} must be above {low} and at most {high} (got {v}).");
        });
        return option;
    }

    /// <summary>Refuses values outside [<paramref name="min"/>, <paramref name="max"/>] (and NaN).</summary>
    public static Option<double> Between(this Option<double> option, double min, double max)
    {
        option.Validators.Add(r =>
        {
            if (TryValue<double>(r, out var v) && !(v >= min && v <= max))
                r.AddError($"{option.Name} must be between {min:G6} and {max:G6} (got {v}).");
        });
        return option;
    }

    /// <summary>The option's value; false when it did not parse (the parser reports that error itself).</summary>
    private static bool TryValue<T>(System.CommandLine.Parsing.OptionResult r, out T value)
    {
        try { value = r.GetValueOrDefault<T>(); return true; }
        catch (InvalidOperationException) { value = default!; return false; }
    }

    /// <summary>A resample count: 0 (none) or at least 2, since one resample gives no interval.</summary>
    public static Option<int> Resamples(this Option<int> option)
    {
        option.Validators.Add(r =>
        {
            if (!TryValue<int>(r, out var v)) return;
            if (v < 0) r.AddError($"{option.Name} must be 0 (none) or more (got {v}).");
            else if (v == 1) r.AddError($"{option.Name} 1 gives no interval: use 0 for none, or at least 2 (the paper: 1000).");
        });
        return option;
    }
}
