using System.Globalization;
using System.Text;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Experiments;

/// <summary>Writes an <see cref="Experiment"/> back as YAML in the format <see cref="ExperimentYaml"/> reads.</summary>
public static class ExperimentWriter
{
    public static string ToYaml(Experiment e)
    {
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append('\n');
        Line($"name: {Q(e.Name)}");
        if (e.Figure is not null) Line($"figure: {Q(e.Figure)}");
        if (e.Description is not null) Line($"description: {Q(e.Description)}");
        Line($"data: {Q(e.Data)}");
        var f = e.Filters;
        Line("filters:");
        if (f.CombineArchFamilies.Count > 0)
            Line($"  combine_arch_families: {{{string.Join(", ", f.CombineArchFamilies.Select(kv => $"{Q(kv.Key)}: {Q(kv.Value)}"))}}}");
        if (f.EqualsTrue.Count > 0) Line($"  equals_true: {List(f.EqualsTrue)}");
        if (f.EqualsFalse.Count > 0) Line($"  equals_false: {List(f.EqualsFalse)}");
        if (f.Sets.Count > 0)
        {
            Line("  sets:");
            foreach (var (k, v) in f.Sets) Line($"    {Q(k)}: {List(v)}");
        }
        if (f.Ranges.Count > 0)
        {
            Line("  ranges:");
            foreach (var (k, (lo, hi)) in f.Ranges) Line($"    {Q(k)}: [{N(lo)}, {N(hi)}]");
        }
        if (f.Composite.Count > 0)
        {
            Line("  composite:");
            foreach (var (name, conds) in f.Composite)
            {
                Line($"    {Q(name)}:");
                foreach (var (k, v) in conds) Line($"      {Q(k)}: {List(v)}");
            }
        }
        if (f.GroupBy is { } g) Line($"  group_by: {{keys: {List(g.Keys)}, mean: {Q(g.Mean)}}}");
        if (f.ArchFamilySamples is { } a)
            Line($"  arch_family_samples: {{arch_family: {List(a.Families)}, samples_per_class: [{string.Join(", ", a.SamplesPerClass.Select(N))}]}}");
        if (f.FlopsMultiplier != 1.0) Line($"  flops_multiplier: {N(f.FlopsMultiplier)}");
        var fit = e.Fit;
        Line("fit:");
        Line($"  form: {fit.Form.Key()}");
        Line(fit.X.Count == 1 ? $"  x: {Q(fit.X[0])}" : $"  x: {List(fit.X)}");
        Line(fit.XScale.Count == 1 ? $"  x_scale: {N(fit.XScale[0])}" : $"  x_scale: [{string.Join(", ", fit.XScale.Select(N))}]");
        Line($"  y: {Q(fit.Y)}");
        if (!fit.InvertY) Line("  invert_y: false");
        Line($"  delta: {N(fit.Delta)}");
        Line($"  bootstraps: {fit.Bootstraps}");
        Line($"  seed: {fit.Seed}");
        if (fit.Form == LawForm.Chinchilla) Line($"  compute: {Q(fit.Compute)}");
        Line("  init:");
        foreach (var (k, v) in fit.Init) Line($"    {k}: [{string.Join(", ", v.Select(N))}]");
        return sb.ToString();
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(Q))}]";

    /// <summary>Quotes a scalar when YAML would otherwise read it as something else.</summary>
    private static string Q(string s) =>
        s.Length > 0 && s.All(ch => char.IsLetterOrDigit(ch) || ch is '_' or '-' or '.' or '/') && !char.IsDigit(s[0]) && s[0] != '-'
        && s is not ("true" or "false" or "yes" or "no" or "null" or "True" or "False")
            ? s
            : "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
