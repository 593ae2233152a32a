using System.Globalization;
using System.Text.RegularExpressions;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting;

/// <summary>
/// The optimiser's starting points: every combination of per-parameter values, enumerated like Python's
/// <c>itertools.product</c> (last parameter fastest), so start indices match the original pipeline's.
/// Tweak one axis with <see cref="With(string, double[])"/>, several with the text form
/// (<c>grid.With("alpha=0.1,0.2 e=0")</c>), or write a whole grid as text (<see cref="Parse"/>); <see cref="ToString"/>
/// gives that text back. Two grids are equal when they list the same names and values in the same order.
/// </summary>
public sealed record InitialGrid(IReadOnlyList<KeyValuePair<string, IReadOnlyList<double>>> Axes)
{
    /// <summary>A range longer than this is almost surely a typo in its step (and would be a very slow fit).</summary>
    public const int MaxValuesPerAxis = 10_000;

    /// <summary>Number of starts.</summary>
    public int Count => Axes.Aggregate(1, (n, a) => checked(n * a.Value.Count));

    /// <summary>The parameter names, in order.</summary>
    public IReadOnlyList<string> Names => Axes.Select(a => a.Key).ToArray();

    /// <summary>The values of parameter <paramref name="name"/>.</summary>
    public IReadOnlyList<double> this[string name] => Axes[IndexOf(name)].Value;

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

    /// <summary>
    /// This grid with parameter <paramref name="name"/>'s axis replaced by <paramref name="values"/>, e.g.
    /// <c>InitialGrid.Paper(LawForm.PowerLaw).With("alpha", 0.1, 0.2, 0.3)</c>; the other axes and the order stay.
    /// </summary>
    public InitialGrid With(string name, params double[] values)
    {
        var index = IndexOf(name);
        CheckAxis(Axes[index].Key, values);
        var axes = Axes.ToArray();
        axes[index] = new(axes[index].Key, values.ToArray());
        return Checked(new InitialGrid(axes));
    }

    /// <summary>
    /// This grid with the axes named in <paramref name="overrides"/> replaced, written as <see cref="Parse"/> reads them
    /// (e.g. <c>"alpha=0.1,0.2 e=0"</c> or <c>"a=0:10:2.5"</c>); axes not named keep their values. The same text is
    /// what <c>#!fit --grid</c> and <c>vvs fit --grid</c> take.
    /// </summary>
    public InitialGrid With(string overrides)
    {
        var axes = ParseAxes(overrides, "grid override");
        if (axes.Count == 0)
            throw new FormatException($"The grid override names no parameter; write name=values pairs for any of {string.Join(", ", Names)}, e.g. \"alpha=0.1,0.2 e=0\".");
        var grid = this;
        foreach (var (name, values) in axes) grid = grid.With(name, values);
        return grid;
    }

    /// <summary>
    /// Reads a grid from text: space-separated <c>name=values</c>, where values are a comma list (<c>a=0,5,10</c>), an
    /// inclusive range <c>start:stop:step</c> (<c>e=-1:1:0.5</c> is -1, -0.5, 0, 0.5, 1), or both mixed
    /// (<c>alpha=0,0.5:2:0.5</c>). Ranges step in decimal, so <c>0:0.3:0.1</c> gives 0.3, not 0.30000000000000004.
    /// With <paramref name="form"/>, the grid lists that form's parameters in its order, taking the paper's values for
    /// any not written; without, it lists the axes as written.
    /// </summary>
    public static InitialGrid Parse(string text, LawForm? form = null)
    {
        var axes = ParseAxes(text, "grid");
        if (form is { } f) return Paper(f).With(text);
        if (axes.Count == 0) throw new FormatException("The grid text names no parameter. Write name=values pairs, e.g. \"e=-1:1:0.5 a=0,5,10 alpha=0.1,0.2\".");
        return Checked(new InitialGrid(axes.Select(a => new KeyValuePair<string, IReadOnlyList<double>>(a.Name, a.Values)).ToArray()));
    }

    /// <summary>
    /// The grid as <see cref="Parse"/> reads it, e.g. <c>e=-1:1:0.5 a=0:25:5 alpha=0:2:0.5</c>: evenly spaced axes of
    /// three or more values as ranges where that is no longer than the list, others as lists; <c>Parse(grid.ToString())</c> gives the same values bit for bit.
    /// </summary>
    public override string ToString() => string.Join(" ", Axes.Select(a => $"{a.Key}={FormatAxis(a.Value)}"));

    public bool Equals(InitialGrid? other) => other is not null && Axes.Count == other.Axes.Count &&
        Axes.Zip(other.Axes).All(p => p.First.Key == p.Second.Key && p.First.Value.SequenceEqual(p.Second.Value));

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var a in Axes)
        {
            h.Add(a.Key);
            foreach (var v in a.Value) h.Add(v);
        }
        return h.ToHashCode();
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

    private int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name == "lambda_" ? "lambda" : name; // the original pipeline's spelling, as experiment files accept
        for (var i = 0; i < Axes.Count; i++)
            if (Axes[i].Key == key) return i;
        var hint = Axes.FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)).Key;
        throw new ArgumentException($"This grid has no parameter '{name}'{(hint is null ? "" : $" (names are case-sensitive: did you mean '{hint}'?)")}; " +
                                    $"its parameters are {string.Join(", ", Axes.Select(a => a.Key))}.", nameof(name));
    }

    private static void CheckAxis(string name, IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException($"The grid axis '{name}' needs at least one value, e.g. With(\"{name}\", 0, 0.5, 1).", nameof(values));
        if (values.FirstOrDefault(v => !double.IsFinite(v)) is var bad && !double.IsFinite(bad))
            throw new ArgumentException($"The grid axis '{name}' has {bad.ToString(CultureInfo.InvariantCulture)}; every start value must be a finite number.", nameof(values));
        if (values.Count > MaxValuesPerAxis)
            throw new ArgumentException($"The grid axis '{name}' has {values.Count} values, more than {MaxValuesPerAxis}; use a coarser step.", nameof(values));
    }

    private static InitialGrid Checked(InitialGrid grid)
    {
        try
        {
            _ = grid.Count;
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"The grid {grid} has more than {int.MaxValue} starts; use fewer values per axis.");
        }
        return grid;
    }

    private static readonly Regex SpaceAroundSeparators = new(@"\s*([=,:])\s*", RegexOptions.CultureInvariant);

    private static List<(string Name, double[] Values)> ParseAxes(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string example = "e.g. \"alpha=0.1,0.2 e=0\" or \"e=-1:1:0.5 a=0,5,10\"";
        var axes = new List<(string, double[])>();
        // "alpha = 0.1, 0.2" reads as "alpha=0.1,0.2": only spaces between axes separate.
        foreach (var token in SpaceAroundSeparators.Replace(text.Trim(), "$1").Split([' ', '\t', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = token.IndexOf('=');
            if (eq <= 0 || eq == token.Length - 1 || token.IndexOf('=', eq + 1) >= 0)
                throw new FormatException($"'{token}' in the {what} \"{text}\" is not name=values; {example}.");
            var name = token[..eq];
            if (name == "lambda_") name = "lambda";
            if (axes.Any(a => a.Item1 == name))
                throw new FormatException($"The {what} \"{text}\" names '{name}' twice; give each parameter once.");
            var values = new List<double>();
            foreach (var item in token[(eq + 1)..].Split(','))
                values.AddRange(ParseItem(name, item, text, what));
            CheckAxis(name, values);
            axes.Add((name, values.ToArray()));
        }
        return axes;
    }

    private static IEnumerable<double> ParseItem(string name, string item, string text, string what)
    {
        if (item.Length == 0)
            throw new FormatException($"'{name}' in the {what} \"{text}\" has an empty value; separate values with single commas, e.g. {name}=0,0.5,1.");
        var parts = item.Split(':');
        if (parts.Length == 1) return [Number(name, item, text, what)];
        if (parts.Length != 3)
            throw new FormatException($"'{item}' in the {what} \"{text}\" is not a range; a range is start:stop:step with the stop included, e.g. {name}=0:2:0.5.");
        var (start, stop, step) = (Number(name, parts[0], text, what), Number(name, parts[1], text, what), Number(name, parts[2], text, what));
        if (step == 0) throw new FormatException($"The range '{item}' of '{name}' has a step of 0; give a step such as {name}={parts[0]}:{parts[1]}:0.5.");
        if ((stop - start) / step < 0)
            throw new FormatException($"The range '{item}' of '{name}' steps away from its stop, so it is empty; use a step of {(step > 0 ? "-" : "")}{parts[2].TrimStart('-')}.");
        return Range(name, parts[0], parts[1], parts[2], start, stop, step, text);
    }

    private static double[] Range(string name, string startText, string stopText, string stepText, double start, double stop, double step, string text)
    {
        var count = Math.Floor((stop - start) / step * (1 + 1e-12)) + 1; // tolerate a stop a rounding error short
        if (count > MaxValuesPerAxis)
            throw new FormatException($"The range {startText}:{stopText}:{stepText} of '{name}' in \"{text}\" has {count:0} values, more than {MaxValuesPerAxis}; use a larger step.");
        // Decimal steps give 0.1 * 3 = 0.3 exactly, as the text says; values beyond decimal's range fall back to doubles.
        if (TryDecimal(startText, out var ds) && TryDecimal(stopText, out var de) && TryDecimal(stepText, out var dt) && dt != 0)
        {
            var n = (int)Math.Floor((de - ds) / dt) + 1;
            return Enumerable.Range(0, n).Select(i => PlusZero((double)(ds + i * dt))).ToArray();
        }
        return Enumerable.Range(0, (int)count).Select(i => PlusZero(start + i * step)).ToArray();
    }

    private static bool TryDecimal(string s, out decimal d) =>
        decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d);

    private static double Number(string name, string s, string text, string what)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new FormatException($"'{s}' for '{name}' in the {what} \"{text}\" is not a number; write numbers with a '.' decimal point, e.g. {name}=0.5.");
        if (!double.IsFinite(v))
            throw new FormatException($"'{s}' for '{name}' in the {what} \"{text}\" is not finite; every start value must be a finite number.");
        return PlusZero(v);
    }

    // Decimal -1 + 2 * 0.5 converts to -0.0; the paper's grid (and a cache key of its bits) has +0.
    private static double PlusZero(double v) => v == 0 ? 0 : v;

    private static string FormatAxis(IReadOnlyList<double> values)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var list = string.Join(",", values.Select(F));
        if (values.Count >= 3 && TryDecimal(F(values[0]), out var start) && TryDecimal(F(values[1]), out var second) && second != start)
        {
            var step = second - start;
            var stop = values[^1];
            var range = $"{F(values[0])}:{F(stop)}:{step.ToString(CultureInfo.InvariantCulture)}";
            // Only when reading the range back gives exactly these values.
            try
            {
                var back = Range("", F(values[0]), F(stop), step.ToString(CultureInfo.InvariantCulture), values[0], stop, (double)step, "");
                if (range.Length <= list.Length && back.SequenceEqual(values)) return range;
            }
            catch (FormatException)
            {
            }
        }
        return list;
    }
}
