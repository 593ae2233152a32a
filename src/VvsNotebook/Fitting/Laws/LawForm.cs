namespace VvsNotebook.Fitting.Laws;

/// <summary>The scaling-law families of Gokce &amp; Schrimpf, each fitted in its log-sum-exp (LSE) parametrisation.</summary>
public enum LawForm
{
    /// <summary>Eq. 1/2: L = E + A X^-alpha, parameters (e, a, alpha) with E = exp(e), A = exp(a).</summary>
    PowerLaw,
    /// <summary>Eq. 3: L = E + A (X + 10^lambda)^-alpha, parameters (e, a, lambda, alpha).</summary>
    PowerLawShift,
    /// <summary>Eq. 5/6: L = E + A N^-alpha + B D^-beta, parameters (e, a, alpha, b, beta).</summary>
    Chinchilla,
}

/// <summary>Names and shapes of the <see cref="LawForm"/>s.</summary>
public static class LawForms
{
    /// <summary>The name used in experiment files and JSON output: <c>power_law</c>, <c>power_law_shift</c>, <c>chinchilla</c>.</summary>
    public static string Key(this LawForm form) => form switch
    {
        LawForm.PowerLaw => "power_law",
        LawForm.PowerLawShift => "power_law_shift",
        LawForm.Chinchilla => "chinchilla",
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    /// <summary>Parses a form name; the original pipeline's <c>*_LSE</c> loss names are accepted too.</summary>
    public static LawForm Parse(string name)
    {
        var key = name.Trim();
        if (key.EndsWith("_LSE", StringComparison.OrdinalIgnoreCase)) key = key[..^4];
        foreach (var f in Enum.GetValues<LawForm>())
            if (string.Equals(f.Key(), key, StringComparison.OrdinalIgnoreCase)) return f;
        throw new FormatException($"Unknown law form '{name}'. Known: power_law, power_law_shift, chinchilla.");
    }

    /// <summary>LSE parameter names in the paper code's order.</summary>
    public static IReadOnlyList<string> ParameterNames(this LawForm form) => form switch
    {
        LawForm.PowerLaw => ["e", "a", "alpha"],
        LawForm.PowerLawShift => ["e", "a", "lambda", "alpha"],
        LawForm.Chinchilla => ["e", "a", "alpha", "b", "beta"],
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    /// <summary>How many input variables the law takes (1, or 2 for N and D).</summary>
    public static int InputCount(this LawForm form) => form == LawForm.Chinchilla ? 2 : 1;
}
