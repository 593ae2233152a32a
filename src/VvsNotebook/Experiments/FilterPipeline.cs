using System.Globalization;
using VvsNotebook.Data;

namespace VvsNotebook.Experiments;

/// <summary>One step of the filter pipeline and how many rows were left after it.</summary>
public sealed record FilterStage(string Step, int Rows);

/// <summary>Rows left by an experiment's filters (column name to value; null for missing) and the count after each step.</summary>
public sealed record FilteredTable(IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows, IReadOnlyList<FilterStage> Stages)
{
    /// <summary>"4965 rows -> combine 4965 -> ... -> group_by 620" for error messages and logs.</summary>
    public string Trace => string.Join(" -> ", Stages.Select(s => $"{s.Step} {s.Rows}"));
}

/// <summary>
/// Applies <see cref="ExperimentFilters"/> in the original pipeline's order: combine families, boolean, set, range,
/// composite, group-by mean, per-family samples restriction, FLOPs multiplier. Row order follows pandas: filters keep
/// table order, group-by sorts by the key tuple. That order matters: bootstrap indices refer to it.
/// </summary>
public static class FilterPipeline
{
    /// <summary>Filters a results table.</summary>
    public static FilteredTable Apply(IEnumerable<ScoreRecord> records, ExperimentFilters filters) =>
        Apply(records.Select(r => (IReadOnlyDictionary<string, object?>)new RecordRow(r)), filters);

    /// <summary>Filters generic rows (column name to string, double, bool or null).</summary>
    public static FilteredTable Apply(IEnumerable<IReadOnlyDictionary<string, object?>> source, ExperimentFilters filters)
    {
        var rows = source.ToList();
        var columns = rows.Count > 0 ? rows[0].Keys.ToHashSet() : [];
        var stages = new List<FilterStage> { new("rows", rows.Count) };
        void Stage(string step) => stages.Add(new FilterStage(step, rows.Count));
        void Require(string column, string where)
        {
            if (rows.Count > 0 && !columns.Contains(column))
                throw new ArgumentException($"{where}: unknown column '{column}'. Columns: {string.Join(", ", columns.Order())}.");
        }

        if (filters.CombineArchFamilies.Count > 0)
        {
            Require("arch_family", "combine_arch_families");
            rows = rows.Select(r => r["arch_family"] is string fam && filters.CombineArchFamilies.TryGetValue(fam, out var merged)
                ? With(r, "arch_family", merged) : r).ToList();
            Stage("combine_arch_families");
        }
        foreach (var c in filters.EqualsTrue)
        {
            Require(c, "equals_true");
            rows = rows.Where(r => r[c] is true).ToList();
            Stage($"{c}=true");
        }
        foreach (var c in filters.EqualsFalse)
        {
            Require(c, "equals_false");
            rows = rows.Where(r => r[c] is false).ToList();
            Stage($"{c}=false");
        }
        foreach (var (c, values) in filters.Sets)
        {
            Require(c, "sets");
            rows = rows.Where(r => In(r[c], values)).ToList();
            Stage($"{c} in [{string.Join(",", values)}]");
        }
        foreach (var (c, (lo, hi)) in filters.Ranges)
        {
            Require(c, "ranges");
            rows = rows.Where(r => AsNumber(r[c], c) is { } v && v >= lo && v <= hi).ToList();
            Stage($"{c} in [{lo.ToString(CultureInfo.InvariantCulture)}, {hi.ToString(CultureInfo.InvariantCulture)}]");
        }
        foreach (var (name, conditions) in filters.Composite)
        {
            foreach (var c in conditions.Keys) Require(c, $"composite '{name}'");
            rows = rows.Where(r => conditions.All(kv => In(r[kv.Key], kv.Value))).ToList();
            Stage($"composite {name}");
        }
        if (filters.GroupBy is { } g)
        {
            foreach (var k in g.Keys.Append(g.Mean)) Require(k, "group_by");
            rows = GroupMean(rows, g);
            Stage("group_by mean");
        }
        if (filters.ArchFamilySamples is { } afs)
        {
            Require("arch_family", "arch_family_samples");
            Require("samples_per_class", "arch_family_samples");
            rows = rows.Where(r => !In(r["arch_family"], afs.Families)
                                   || AsNumber(r["samples_per_class"], "samples_per_class") is { } spc && afs.SamplesPerClass.Contains(spc)).ToList();
            Stage("arch_family_samples");
        }
        if (filters.FlopsMultiplier != 1.0)
        {
            Require("total_flops", "flops_multiplier");
            rows = rows.Select(r => AsNumber(r["total_flops"], "total_flops") is { } c ? With(r, "total_flops", c * filters.FlopsMultiplier) : r).ToList();
            Stage($"total_flops x {filters.FlopsMultiplier.ToString(CultureInfo.InvariantCulture)}");
        }
        return new FilteredTable(rows, stages);
    }

    /// <summary>
    /// pandas <c>groupby(keys).agg(mean)</c>: rows with a missing key are dropped, groups come sorted by the key tuple,
    /// and each group keeps only its keys and the mean. A missing value in the averaged column is an error here
    /// (pandas would silently average the rest).
    /// </summary>
    private static List<IReadOnlyDictionary<string, object?>> GroupMean(List<IReadOnlyDictionary<string, object?>> rows, GroupBySpec g)
    {
        var missing = rows.Where(r => AsNumber(r[g.Mean], g.Mean) is not { } x || double.IsNaN(x))
            .Select(r => r.GetValueOrDefault("model_id") ?? "?").Distinct().ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException(
                $"{missing.Length} model(s) have no {g.Mean} (NaN or empty) among the rows being averaged: {string.Join(", ", missing.Take(5))}" +
                $"{(missing.Length > 5 ? ", ..." : "")}. Exclude them with a filter.");
        return rows.Where(r => g.Keys.All(k => r[k] is not null && r[k] is not double.NaN))
            .GroupBy(r => new GroupKey(g.Keys.Select(k => r[k]).ToArray()))
            .OrderBy(grp => grp.Key)
            .Select(grp =>
            {
                var result = new Dictionary<string, object?>();
                for (var i = 0; i < g.Keys.Count; i++) result[g.Keys[i]] = grp.Key.Values[i];
                result[g.Mean] = grp.Average(r => AsNumber(r[g.Mean], g.Mean)!.Value);
                return (IReadOnlyDictionary<string, object?>)result;
            }).ToList();
    }

    /// <summary>Set membership with the cell's type: numbers compare numerically, booleans as true/false, text exactly.</summary>
    internal static bool In(object? cell, IReadOnlyList<string> values) => cell switch
    {
        null => false,
        double d => !double.IsNaN(d) && values.Any(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == d),
        bool b => values.Any(v => bool.TryParse(v, out var x) && x == b),
        int i => values.Any(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == i),
        _ => values.Contains(Convert.ToString(cell, CultureInfo.InvariantCulture)),
    };

    /// <summary>A cell as a number; null when missing; an error when the column is not numeric.</summary>
    internal static double? AsNumber(object? cell, string column) => cell switch
    {
        null => null,
        double d => d,
        int i => i,
        float f => f,
        long l => l,
        _ => throw new ArgumentException($"Column '{column}' is not numeric (has '{cell}')."),
    };

    private static IReadOnlyDictionary<string, object?> With(IReadOnlyDictionary<string, object?> row, string column, object? value) =>
        row is RecordRow record ? record.With(column, value) : new Dictionary<string, object?>(row) { [column] = value };

    private sealed class GroupKey(object?[] values) : IEquatable<GroupKey>, IComparable<GroupKey>
    {
        public object?[] Values { get; } = values;

        public bool Equals(GroupKey? other) => other is not null && Values.SequenceEqual(other.Values);
        public override bool Equals(object? obj) => Equals(obj as GroupKey);
        public override int GetHashCode() => Values.Aggregate(17, (h, v) => h * 31 + (v?.GetHashCode() ?? 0));

        public int CompareTo(GroupKey? other)
        {
            for (var i = 0; i < Values.Length; i++)
            {
                var c = (Values[i], other!.Values[i]) switch
                {
                    (string a, string b) => string.CompareOrdinal(a, b),
                    (double a, double b) => a.CompareTo(b),
                    (bool a, bool b) => a.CompareTo(b),
                    (int a, int b) => a.CompareTo(b),
                    var (a, b) => string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture)),
                };
                if (c != 0) return c;
            }
            return 0;
        }
    }
}
