using System.Globalization;
using System.Net;
using System.Text;
using VvsNotebook.Display;

namespace VvsNotebook.Figures;

/// <summary>One check of a reproduced number against the paper's (or the figure map's recomputed) value.</summary>
public sealed record PaperCheck(string What, string Actual, string Expected, bool Passed);

/// <summary>
/// The last cell of a figure notebook: the paper's numbers for that figure, compared with what this run computed.
/// It renders as a table of checks; <see cref="Assert"/> throws, naming every failed check, so a rerun that drifts
/// fails the notebook (and CI) loudly instead of drawing a slightly different figure.
/// </summary>
public sealed class PaperChecks(string figure) : IMimeRenderable
{
    private readonly List<PaperCheck> _checks = [];

    public string Figure { get; } = figure;
    public IReadOnlyList<PaperCheck> Checks => _checks;
    public bool AllPassed => _checks.All(c => c.Passed);

    /// <summary>|actual - expected| &lt;= tolerance (e.g. the paper's two printed decimals: tolerance 0.005).</summary>
    public PaperChecks Near(string what, double actual, double expected, double tolerance)
    {
        var ok = double.IsFinite(actual) && Math.Abs(actual - expected) <= tolerance;
        return Add(what, Num(actual), $"{Num(expected)} ± {Num(tolerance)}", ok);
    }

    /// <summary>low &lt;= actual &lt;= high.</summary>
    public PaperChecks Between(string what, double actual, double low, double high)
    {
        var ok = actual >= low && actual <= high;
        return Add(what, Num(actual), $"in [{Num(low)}, {Num(high)}]", ok);
    }

    /// <summary>An exact value (counts of models, points, starts).</summary>
    public PaperChecks Equal<T>(string what, T actual, T expected) =>
        Add(what, Convert.ToString(actual, CultureInfo.InvariantCulture) ?? "null", Convert.ToString(expected, CultureInfo.InvariantCulture) ?? "null",
            EqualityComparer<T>.Default.Equals(actual, expected));

    /// <summary>Any other condition, with what it means in <paramref name="detail"/>.</summary>
    public PaperChecks That(string what, bool condition, string detail) => Add(what, condition ? "holds" : "does not hold", detail, condition);

    /// <summary>Throws <see cref="PaperCheckException"/> listing the failed checks; returns this (to display) when all pass.</summary>
    public PaperChecks Assert()
    {
        if (_checks.Count == 0) throw new PaperCheckException($"{Figure}: no checks were made.");
        var failed = _checks.Where(c => !c.Passed).ToArray();
        if (failed.Length > 0)
            throw new PaperCheckException($"{Figure}: {failed.Length} of {_checks.Count} checks failed:\n" +
                string.Join("\n", failed.Select(c => $"  {c.What}: got {c.Actual}, expected {c.Expected}")));
        return this;
    }

    public override string ToString() =>
        $"{Figure}: {_checks.Count(c => c.Passed)} of {_checks.Count} checks pass\n" +
        string.Join("\n", _checks.Select(c => $"  [{(c.Passed ? "pass" : "FAIL")}] {c.What}: {c.Actual} (expected {c.Expected})"));

    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"vvs-checks\"><p><b>{Enc(Figure)}</b>: {_checks.Count(c => c.Passed)} of {_checks.Count} checks pass</p>");
        html.Append("<table class=\"vvs-table\"><thead><tr><th></th><th>check</th><th>this run</th><th>paper</th></tr></thead><tbody>");
        foreach (var c in _checks)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{(c.Passed ? "✓" : "✗")}</td><td>{Enc(c.What)}</td><td>{Enc(c.Actual)}</td><td>{Enc(c.Expected)}</td></tr>");
        html.Append("</tbody></table></div>");
        return new Dictionary<string, string> { [MimeTypes.Plain] = ToString(), [MimeTypes.Html] = html.ToString() };
    }

    private PaperChecks Add(string what, string actual, string expected, bool passed)
    {
        _checks.Add(new PaperCheck(what, actual, expected, passed));
        return this;
    }

    private static string Num(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}

/// <summary>A figure notebook's numbers drifted from the paper's.</summary>
public sealed class PaperCheckException(string message) : Exception(message);
