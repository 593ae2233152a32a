using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using VvsNotebook.Benchmarks.Sources;
using VvsNotebook.Brain;
using VvsNotebook.Metrics.Similarity;
using VvsNotebook.Metrics.Statistics;
using VvsNotebook.Progress;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.LearningRules;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// Runs the learning-rule study end to end: every rule x seed network is trained (or, when its run directory holds a
/// finished run of the same config, loaded), its ROI-mapped layers' responses to the brain set's stimuli become RDMs,
/// and those are compared with each ROI's group RDM by RSA (stimulus-label permutation tests, partial RSA against
/// pixel similarity), rules pairwise (permutation test of the rho difference of seed-averaged RDMs) and everything
/// FDR-corrected (Benjamini-Hochberg).
/// </summary>
public sealed class LearningRuleStudy(LearningRuleStudyOptions options, string runsRoot)
{

    public LearningRuleStudyOptions Options { get; } = options;
    public string RunsRoot { get; } = runsRoot;

    /// <summary>The run directory of one rule and seed.</summary>
    public string RunDirectory(string rule, int seed) => Path.Combine(RunsRoot, FormattableString.Invariant(
        $"{rule}-w{Options.Width:0.###}-d{Options.SamplesPerClass}-e{Options.Epochs}-{Options.Optimizer}{(Options.LearningRate is { } lr ? $"-lr{lr:0.#####}" : "")}-s{seed}"));

    public LearningRuleStudyResult Run(BrainRoiSet brain, ImageDataset fashionTrain, ImageDataset fashionTest,
        IProgress<StudyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        var clock = Stopwatch.StartNew();
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(Options.Threads);
        var roiLayers = RuleCnn.RoiMap.ToDictionary(kv => kv.Value, kv => kv.Key); // ROI -> block
        foreach (var roi in brain.Rois)
            if (!roiLayers.ContainsKey(roi))
                throw new ArgumentException($"The brain set {brain.Name} has ROI '{roi}', which rule_cnn maps to no layer (it maps {string.Join(", ", roiLayers.Keys)}).");
        var train = Subset(fashionTrain, ClassBalancedSubset.Select(fashionTrain.Labels, fashionTrain.Classes.Count, Options.SamplesPerClass, 0));
        var validation = Subset(fashionTest, LastPerClass(fashionTest, Options.ValidationPerClass));
        Directory.CreateDirectory(RunsRoot);

        var brainRdms = brain.Rois.ToDictionary(roi => roi, roi => brain.GroupRdm(roi));
        var stimuli = brain.Stimuli ?? throw new ArgumentException($"The brain set {brain.Name} carries no stimulus images, which the networks must see; " +
            "give the loader the stimulus image folder (see data-manifests/things-fmri.yaml).");
        var pixels = Rdm.FromResponses(new PixelSource().GetActivations(stimuli, ["pixels"], cancellationToken)["pixels"]);
        var layers = brain.Rois.Select(roi => roiLayers[roi]).Distinct().ToList();

        var rsa = new Rsa(RdmComparison.Spearman);
        var raw = new List<(string Rule, int Seed, string Roi, string Layer, double Rho, double P, double PartialRho, double PartialP)>();
        var modelRdms = new Dictionary<(string Rule, string Layer), List<Rdm>>();
        var curves = new List<RuleRun>();
        var filters = new List<FirstLayerFilters>();
        var runs = (from rule in Options.Rules from seed in Options.Seeds select (rule, seed)).ToList();
        for (var k = 0; k < runs.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (rule, seed) = runs[k];
            var name = $"{rule} seed {seed}";
            using var model = TrainOrLoad(rule, seed, train, validation, curves, p => progress?.Report(new StudyProgress("train", k + 1, runs.Count, name, p)), cancellationToken);
            progress?.Report(new StudyProgress("score", k + 1, runs.Count, name));
            filters.Add(FirstFilters(rule, seed, model));
            using var source = new TorchActivationSource($"rule_cnn-{rule}-s{seed}", model, InputShape.FashionMnist, FashionMnist.Normalization);
            var activations = source.GetActivations(stimuli, layers, cancellationToken);
            foreach (var layer in layers)
            {
                var rdm = Rdm.FromResponses(activations[layer]);
                (modelRdms.TryGetValue((rule, layer), out var list) ? list : modelRdms[(rule, layer)] = []).Add(rdm);
            }
            foreach (var roi in brain.Rois)
            {
                var layer = roiLayers[roi];
                var rdm = modelRdms[(rule, layer)][^1];
                // One permutation stream for every model: each is tested against the same null orderings.
                var test = rsa.PermutationTest(rdm, brainRdms[roi], Options.Permutations, seed: 0, cancellationToken);
                var partial = Rsa.PartialPermutationTest(rdm, brainRdms[roi], pixels, Options.Permutations, seed: 0, cancellationToken);
                raw.Add((rule, seed, roi, layer, test.Observed, test.PValue, partial.Observed, partial.PValue));
            }
        }

        var q = FalseDiscoveryRate.BenjaminiHochberg(raw.Select(r => r.P).ToList(), Options.FdrAlpha).Adjusted;
        var rows = raw.Select((r, i) => new StudyRow(r.Rule, r.Seed, r.Roi, r.Layer, r.Rho, r.P, q[i], r.PartialRho, r.PartialP)).ToList();
        var summary = (from rule in Options.Rules from roi in brain.Rois
                       let xs = rows.Where(r => r.Rule == rule && r.Roi == roi).ToList()
                       select new RuleRoiSummary(rule, roi, xs.Count, xs.Average(r => r.Rho), Spread.SampleStd(xs.Select(r => r.Rho).ToList()), xs.Average(r => r.PartialRho))).ToList();

        progress?.Report(new StudyProgress("compare", runs.Count, runs.Count, "pairwise rule comparisons"));
        var pairs = new List<(string Roi, string A, string B, double Delta, double P)>();
        foreach (var roi in brain.Rois)
            for (var a = 0; a < Options.Rules.Count; a++)
                for (var b = a + 1; b < Options.Rules.Count; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var layer = roiLayers[roi];
                    var test = rsa.CompareModels(Rdm.Mean(modelRdms[(Options.Rules[a], layer)]), Rdm.Mean(modelRdms[(Options.Rules[b], layer)]), brainRdms[roi],
                        Options.Permutations, seed: 0, Options.Rules[a], Options.Rules[b], cancellationToken);
                    pairs.Add((roi, Options.Rules[a], Options.Rules[b], test.Difference, test.PValue));
                }
        var fdr = FalseDiscoveryRate.BenjaminiHochberg(pairs.Select(p => p.P).ToList(), Options.FdrAlpha);
        var pairwise = pairs.Select((p, i) => new PairwiseComparison(p.Roi, p.A, p.B, p.Delta, p.P, fdr.Adjusted[i], fdr.Reject[i])).ToList();

        var reliability = brain.Rois.Select(roi => RoiReliability.Of(brain, roi)).ToList();

        return new LearningRuleStudyResult(Options, brain.Name, brain.Rois, brain.Rois.ToDictionary(r => r, r => roiLayers[r]),
            rows, summary, pairwise, reliability, curves, filters, clock.Elapsed.TotalSeconds);
    }

    private RuleCnn TrainOrLoad(string rule, int seed, ImageDataset train, ImageDataset validation, List<RuleRun> curves,
        Action<RuleProgress> report, CancellationToken cancellationToken)
    {
        var dir = RunDirectory(rule, seed);
        var config = JsonSerializer.Serialize(new { rule, seed, arch = "rule_cnn", Options.Width, Options.SamplesPerClass, Options.Epochs, Options.BatchSize, Options.ValidationPerClass, Options.LearningRate, Options.Optimizer }, RunFiles.Json);
        torch.manual_seed(seed);
        var model = (RuleCnn)ModelZoo.Create(new ModelSpec("rule_cnn", Options.Width, Input: InputShape.FashionMnist, NumClasses: train.Classes.Count));
        try
        {
            var (run, _) = StudyRunFolder.TrainOrLoad(dir, config, model, () => LearningRuleCatalog.Create(rule).Train(model, train, validation,
                new RuleTrainingOptions { Epochs = Options.Epochs, BatchSize = Options.BatchSize, Seed = seed, Threads = Options.Threads, LearningRate = rule == "stdp" ? null : Options.LearningRate, Optimizer = Options.Optimizer },
                new ProgressRelay<RuleProgress>(report), cancellationToken));
            curves.Add(run);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static FirstLayerFilters FirstFilters(string rule, int seed, RuleCnn model)
    {
        using var weight = model.Blocks[0].Conv.weight!.detach().cpu().to(torch.ScalarType.Float32).contiguous();
        return new FirstLayerFilters(rule, seed, weight.shape.Select(d => (int)d).ToArray(), weight.data<float>().ToArray());
    }

    private static int[] LastPerClass(ImageDataset data, int perClass) =>
        Enumerable.Range(0, data.Count).GroupBy(i => data.Labels[i]).OrderBy(g => g.Key)
            .SelectMany(g => g.Reverse().Take(perClass)).Order().ToArray();

    private static ImageDataset Subset(ImageDataset data, int[] indices)
    {
        var pixels = new byte[indices.Length * data.ImageSize];
        for (var i = 0; i < indices.Length; i++) data.Image(indices[i]).CopyTo(pixels.AsSpan(i * data.ImageSize));
        return new ImageDataset($"{data.Name} ({indices.Length})", pixels, indices.Select(i => data.Labels[i]).ToArray(), data.Channels, data.Height, data.Width, data.Classes);
    }
}
