using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Data;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Metrics;

namespace VvsNotebook.Benchmarks;

/// <summary>Which layer a region was committed to, and the scores that decided it.</summary>
/// <remarks>Layers the metric cannot use (e.g. fewer features than PLS components) are listed in
/// <see cref="Skipped"/> with the reason, instead of failing the whole run.</remarks>
public sealed record LayerCommitment(string Region, string Benchmark, string Layer, IReadOnlyDictionary<string, double> LayerScores, bool Selected)
{
    public IReadOnlyDictionary<string, string> Skipped { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Runs a model on a suite: each neural region is committed to its best candidate layer on that region's benchmark
/// (argmax of the ceiled score, ties to the earlier layer, as Brain-Score's <c>LayerSelection</c>; here on raw
/// activations, without Brain-Score's ImageNet PCA-1000 step) unless a region-to-layer map fixes it; the behavioural
/// benchmark reads out <see cref="BehavioralReadoutLayer"/> (default: the last candidate layer, Brain-Score's default).
/// </summary>
public sealed record BenchmarkRunner
{
    public IReadOnlyList<string>? CandidateLayers { get; init; }
    public IReadOnlyDictionary<string, string>? RegionLayerMap { get; init; }
    public string? BehavioralReadoutLayer { get; init; }

    public BenchmarkRun Run(IActivationSource model, IReadOnlyList<IBenchmark> benchmarks,
        CancellationToken cancellationToken = default, IProgress<BenchmarkProgress>? progress = null)
    {
        var layers = CandidateLayers ?? model.LayerNames;
        if (layers.Count == 0) throw new ArgumentException($"Model '{model.ModelId}' offers no layers to commit.");
        var unknown = layers.Except(model.LayerNames).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Model '{model.ModelId}' has no layer(s) {string.Join(", ", unknown)}. Its layers: {string.Join(", ", model.LayerNames)}.");
        var readout = BehavioralReadoutLayer ?? layers[^1];

        var commitments = new List<LayerCommitment>();
        var scores = new List<BenchmarkScore>();
        foreach (var group in benchmarks.GroupBy(b => b.Stimuli, ReferenceEqualityComparer.Instance))
        {
            var needed = group.SelectMany(b => LayersFor(b, layers, readout)).Distinct().ToArray();
            progress?.Report(new BenchmarkProgress(model.ModelId, $"activations of {needed.Length} layer(s) on {((ImageBatch)group.Key!).Count} stimuli"));
            var acts = model.GetActivations((ImageBatch)group.Key!, needed, cancellationToken);
            foreach (var b in group)
            {
                var candidates = LayersFor(b, layers, readout);
                var perLayer = new Dictionary<string, BenchmarkScore>();
                var skipped = new Dictionary<string, string>();
                foreach (var layer in candidates)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new BenchmarkProgress(b.Identifier, $"layer {layer}"));
                    var a = acts.TryGetValue(layer, out var m) ? m : throw new InvalidOperationException($"Model '{model.ModelId}' returned no activations for layer '{layer}'.");
                    try { perLayer[layer] = b.Score(a, layer, cancellationToken); }
                    catch (ArgumentException e) when (candidates.Count > 1) { skipped[layer] = e.Message; }
                }
                if (perLayer.Count == 0)
                    throw new InvalidOperationException($"{b.Identifier}: no candidate layer could be scored: " +
                        string.Join("; ", skipped.Select(kv => $"{kv.Key}: {kv.Value}")));
                var best = candidates.Where(perLayer.ContainsKey).Select(l => perLayer[l]).Aggregate((x, y) => y.Score > x.Score ? y : x);
                commitments.Add(new LayerCommitment(b.Region, b.Identifier, best.Layer,
                    perLayer.ToDictionary(kv => kv.Key, kv => kv.Value.Score), candidates.Count > 1) { Skipped = skipped });
                scores.Add(best);
            }
        }
        return new BenchmarkRun(model.ModelId, commitments, scores);
    }

    private IReadOnlyList<string> LayersFor(IBenchmark b, IReadOnlyList<string> layers, string readout) =>
        b.Region == "Behavioral" ? [readout]
        : RegionLayerMap is not null && RegionLayerMap.TryGetValue(b.Region, out var fixedLayer) ? [fixedLayer]
        : layers;
}

/// <summary>The outcome of a benchmark run: layer commitments and the committed scores.</summary>
public sealed record BenchmarkRun(string ModelId, IReadOnlyList<LayerCommitment> Commitments, IReadOnlyList<BenchmarkScore> Scores) : IMimeRenderable
{
    /// <summary>One results-table row per benchmark, with the model's metadata taken from <paramref name="template"/>.</summary>
    public IReadOnlyList<ScoreRecord> ToScoreRecords(ScoreRecord? template = null) => Scores.Select(s =>
        (template ?? new ScoreRecord { ModelId = ModelId, BenchmarkName = "", Region = "" }) with
        {
            ModelId = template?.ModelId ?? ModelId, BenchmarkName = s.Benchmark, Region = s.Region, BenchmarkId = PaperBenchmarkId(s.Region),
            Score = double.IsFinite(s.Score) ? s.Score : null,
        }).ToArray();

    /// <summary>
    /// The released table's <c>benchmark_id</c>: one per region slot, 0 V1, 1 V2, 2 V4, 3 IT, 4 Behavioral (the offline
    /// suite's V1, IT and behaviour take the same slots); -1 for a region the paper has not.
    /// </summary>
    public static int PaperBenchmarkId(string region) => Array.IndexOf(PaperRegions, region);

    private static readonly string[] PaperRegions = ["V1", "V2", "V4", "IT", "Behavioral"];

    /// <summary>Per-region bars of the ceiled scores with their errors.</summary>
    public PlotlyFigure ToFigure() => new PlotlyFigure
    {
        Layout = new PlotlyLayout { Title = $"Brain alignment of {ModelId}", XAxis = new PlotlyAxis("region"), YAxis = new PlotlyAxis("ceiled score") },
    }.With(PlotlyFigure.Bar(Scores.Select(s => $"{s.Region} ({s.Layer})"), Scores.Select(s => s.Score), ModelId, errorPlus: Scores.Select(s => s.Error)));

    /// <summary>The score table (text and HTML) and the per-region bar chart (Plotly).</summary>
    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var bundle = new Dictionary<string, string>(Table());
        var figure = ToFigure().ToMimeBundle();
        bundle[MimeTypes.Plotly] = figure[MimeTypes.Plotly];
        bundle[MimeTypes.Html] += figure[MimeTypes.Html];
        return bundle;
    }

    private IReadOnlyDictionary<string, string> Table() => MetricTable.Bundle($"Benchmark run of {ModelId}",
        ["benchmark", "region", "layer", "score", "raw", "ceiling", "best layers"],
        Scores.Select((s, i) => (IReadOnlyList<string>)[s.Benchmark, s.Region, s.Layer, MetricTable.Num(s.Score), MetricTable.Num(s.Raw),
            MetricTable.Num(s.Ceiling), BestLayers(Commitments[i])]));

    /// <summary>The three best-scoring layers and how many were scored or skipped: every score is in <see cref="Commitments"/> and the JSON, not in a table cell.</summary>
    private static string BestLayers(LayerCommitment c)
    {
        var top = c.LayerScores.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"{kv.Key}={MetricTable.Num(kv.Value)}");
        var rest = c.LayerScores.Count - Math.Min(3, c.LayerScores.Count);
        var skipped = c.Skipped.Count == 0 ? "" : "; skipped: " + string.Join(", ", c.Skipped.Keys.Take(3)) + (c.Skipped.Count > 3 ? $" (+{c.Skipped.Count - 3} more)" : "");
        return string.Join(", ", top) + (rest > 0 ? $" (+{rest} more)" : "") + skipped;
    }
}
