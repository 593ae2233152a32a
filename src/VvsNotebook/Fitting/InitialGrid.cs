using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting;

/// <summary>
/// The optimiser's starting points: every combination of per-parameter values, enumerated like Python's
/// <c>itertools.product</c> (last parameter fastest), so start indices match the original pipeline's.
/// </summary>
public sealed record InitialGrid(IReadOnlyList<KeyValuePair<string, IReadOnlyList<double>>> Axes)
{
    /// <summary>Number of starts.</summary>
    public int Count => Axes.Aggregate(1, (n, a) => n * a.Value.Count);

    /// <summary>Start number <paramref name="index"/>.</summary>
    public double[] Start(int index)
    {
        var p = new double[Axes.Count];
        for (var j = Axes.Count - 1; j >= 0; j--)
        {
            var values = Axes[j].Value;
            p[j] = values[index % values.Count];
            index /= values.Count;
        }
        return p;
    }

    /// <summary>The paper's grid: e in {-1..1 by 0.5}, a in {0..25 by 5}, alpha (and lambda, beta) in {0..2 by 0.5}, b like a.</summary>
    public static InitialGrid Paper(LawForm form)
    {
        double[] e = [-1, -0.5, 0, 0.5, 1], a = [0, 5, 10, 15, 20, 25], exponent = [0, 0.5, 1, 1.5, 2];
        return new InitialGrid(form.ParameterNames().Select(n => new KeyValuePair<string, IReadOnlyList<double>>(n, n switch
        {
            "e" => e,
            "a" or "b" => a,
            _ => exponent,
        })).ToArray());
    }

    /// <summary>Checks the grid names the form's parameters in order.</summary>
    public void Validate(LawForm form)
    {
        var names = form.ParameterNames();
        if (!Axes.Select(a => a.Key).SequenceEqual(names))
            throw new ArgumentException($"The initial grid of a {form.Key()} fit must list {string.Join(", ", names)} in that order; " +
                                        $"it lists {string.Join(", ", Axes.Select(a => a.Key))}.");
        if (Axes.Any(a => a.Value.Count == 0 || a.Value.Any(v => !double.IsFinite(v))))
            throw new ArgumentException("Every parameter of the initial grid needs at least one finite value.");
    }
}
