using VvsNotebook.Activations;
using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Benchmarks.Sources;
using VvsNotebook.Data;

namespace VvsNotebook.Tests.Benchmarks;

public class OfflineSuiteTests
{
    private static readonly Lazy<IReadOnlyList<IBenchmark>> Suite = new(() => OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 10 }));

    [Fact]
    public void Neural_ceilings_recover_the_simulated_trial_reliability()
    {
        foreach (var b in Suite.Value.OfType<NeuralBenchmark>())
            Assert.InRange(b.Ceiling().Ceiling, 0.74, 0.86);
    }

    [Fact]
    public void Building_the_suite_stops_on_a_cancelled_token_so_an_interrupted_cell_ends_while_the_suite_is_made()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 1 }, cancelled.Token));
    }

    [Fact]
    public void Standardize_gives_each_column_zero_mean_and_unit_population_sd_and_zeroes_constant_columns()
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 5, 2 }, { 2, 5, 4 }, { 3, 5, 9 } });
        var z = OfflinePopulations.Standardize(m);
        // Analytic: column 0 is 1, 2, 3 with mean 2 and population sd sqrt(2/3).
        Assert.Equal([-Math.Sqrt(1.5), 0, Math.Sqrt(1.5)], z.Column(0).ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.All(z.Column(1), v => Assert.Equal(0, v));
        Assert.Equal(0, z.Column(2).Average(), 1e-12);
        Assert.Equal(1, Math.Sqrt(z.Column(2).Select(v => v * v).Average()), 1e-12);
    }

    [Fact]
    public void Gabor_model_commits_V1_to_its_energy_layer_and_beats_pixels()
    {
        var run = new BenchmarkRunner().Run(new GaborSource(), Suite.Value);
        var v1 = run.Commitments.Single(c => c.Region == "V1");
        Assert.Equal("complex", v1.Layer);
        Assert.True(v1.LayerScores["complex"] > v1.LayerScores["pixels"] + 0.3, string.Join(", ", v1.LayerScores));
        Assert.Equal(["V1", "IT", "Behavioral"], run.Scores.Select(s => s.Region));
        var behavior = run.Scores.Single(s => s.Region == "Behavioral");
        Assert.Equal("pooled", behavior.Layer);
        Assert.True(behavior.Ceiling > 0.3 && double.IsFinite(behavior.Score));
        var bundle = run.ToMimeBundle();
        Assert.Contains("vvs.offline.V1-gabor-pls", bundle["text/plain"]);
        Assert.Contains("\"type\":\"bar\"", bundle["application/vnd.plotly.v1+json"]);
    }

    [Fact]
    public void Scores_are_appended_to_a_results_table_the_fitter_reads()
    {
        var run = new BenchmarkRunner { RegionLayerMap = new Dictionary<string, string> { ["V1"] = "pixels", ["IT"] = "pixels" } }
            .Run(new PixelSource(), Suite.Value);
        Assert.All(run.Commitments, c => Assert.False(c.Selected));
        var path = Path.Combine(Path.GetTempPath(), $"vvs-scores-{Guid.NewGuid():N}.csv");
        try
        {
            ScoreTable.Append(path, run.ToScoreRecords(new ScoreRecord { ModelId = "pixels_test", BenchmarkName = "", Region = "", Arch = "pixels" }));
            ScoreTable.Append(path, run.ToScoreRecords());
            var rows = ScoreTable.Read(path);
            Assert.Equal(6, rows.Count);
            Assert.Equal(OfflineSuite.V1Identifier, rows[0].BenchmarkName);
            Assert.Equal("pixels_test", rows[0].ModelId);
            Assert.Equal("pixels", rows[3].ModelId);
            Assert.All(rows, r => Assert.NotNull(r.Score));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Unknown_layers_and_unknown_builtin_models_are_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new BenchmarkRunner { CandidateLayers = ["conv9"] }.Run(new PixelSource(), Suite.Value));
        Assert.Contains("conv9", e.Message);
        Assert.Throws<ArgumentException>(() => ActivationSources.Builtin("resnet"));
    }

    /// <summary>The Gabor model plus a 3-feature layer, too narrow for 25 PLS components.</summary>
    private sealed class WithNarrowLayer : IActivationSource
    {
        private readonly GaborSource _inner = new();
        public string ModelId => "gabor+narrow";
        public IReadOnlyList<string> LayerNames => [.. _inner.LayerNames, "narrow"];
        public IReadOnlyDictionary<string, MathNet.Numerics.LinearAlgebra.Matrix<double>> GetActivations(ImageBatch images, IReadOnlyList<string> layers, CancellationToken cancellationToken = default)
        {
            var res = _inner.GetActivations(images, layers.Where(l => l != "narrow").Append("complex").Distinct().ToArray(), cancellationToken).ToDictionary();
            if (layers.Contains("narrow")) res["narrow"] = res["complex"].SubMatrix(0, images.Count, 0, 3);
            return res;
        }
    }

    [Fact]
    public void Layers_a_metric_cannot_use_are_skipped_with_the_reason()
    {
        var run = new BenchmarkRunner { CandidateLayers = ["complex", "narrow"], BehavioralReadoutLayer = "complex" }
            .Run(new WithNarrowLayer(), Suite.Value.Take(1).ToArray());
        var v1 = run.Commitments.Single();
        Assert.Equal("complex", v1.Layer);
        Assert.Contains("at least 25 features", v1.Skipped["narrow"]);
        Assert.Contains("skipped: narrow", run.ToMimeBundle()["text/plain"]);
        // With a single candidate there is nothing to fall back on: the metric's own error surfaces.
        Assert.Throws<ArgumentException>(() => new BenchmarkRunner { CandidateLayers = ["narrow"] }.Run(new WithNarrowLayer(), Suite.Value.Take(1).ToArray()));
    }

    [Fact]
    public void A_model_equal_to_the_target_reaches_the_ceiling()
    {
        // Features equal to the trial-averaged target predict it almost perfectly (25 PLS components of 100 neuroids).
        var it = Suite.Value.OfType<NeuralBenchmark>().Single(b => b.Region == "IT");
        var score = it.Score(it.Target, "self");
        Assert.InRange(score.Raw, 0.85, 1.0);
    }
}
