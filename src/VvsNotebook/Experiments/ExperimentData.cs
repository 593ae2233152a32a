using VvsNotebook.Data;
using VvsNotebook.Fitting;

namespace VvsNotebook.Experiments;

/// <summary>Turns a results table into the points an experiment fits (filters, then X / scaler and Y = 1 - score).</summary>
public static class ExperimentData
{
    /// <summary>Filters <paramref name="table"/> and prepares the fit inputs; errors name the experiment and the filter trace.</summary>
    public static FitData Prepare(this Experiment experiment, IEnumerable<ScoreRecord> table) =>
        Prepare(experiment, FilterPipeline.Apply(table, experiment.Filters));

    /// <summary>Prepares the fit inputs from already filtered rows.</summary>
    public static FitData Prepare(this Experiment experiment, FilteredTable filtered)
    {
        var fit = experiment.Fit;
        var rows = filtered.Rows;
        if (rows.Count == 0)
            throw new InvalidDataException($"Experiment '{experiment.Name}': the filters leave no rows ({filtered.Trace}).");
        var what = $"Experiment '{experiment.Name}'";
        double Cell(IReadOnlyDictionary<string, object?> r, string column) =>
            r.TryGetValue(column, out var v)
                ? FilterPipeline.AsNumber(v, column) ?? double.NaN
                : throw new ArgumentException($"{what}: column '{column}' is not in the filtered rows " +
                                              $"(after a group_by only its keys and the mean remain). Columns: {string.Join(", ", r.Keys)}.");
        var x = fit.X.Select((c, j) => rows.Select(r => Cell(r, c) / fit.XScale[j]).ToArray()).ToArray();
        var score = rows.Select(r => Cell(r, fit.Y)).ToArray();
        var labels = rows.Select((r, i) => r.GetValueOrDefault("model_id") as string ?? $"row {i}").ToArray();
        var nan = Enumerable.Range(0, score.Length).Where(i => double.IsNaN(score[i])).ToArray();
        if (nan.Length > 0)
            throw new InvalidDataException($"{what}: {nan.Length} row(s) have no {fit.Y} (NaN or empty): " +
                $"{string.Join(", ", nan.Take(5).Select(i => labels[i]))}{(nan.Length > 5 ? ", ..." : "")}. Exclude them with a filter.");
        var y = fit.InvertY ? score.Select(s => 1 - s).ToArray() : score;
        var compute = rows[0].ContainsKey(fit.Compute) ? rows.Select(r => Cell(r, fit.Compute)).ToArray() : null;
        return FitData.Create(fit.X, fit.XScale, x, y, labels, fit.InvertY, compute, what);
    }
}
