using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using VvsNotebook.Brain;
using VvsNotebook.Metrics.Similarity;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Alignment;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Progress;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// Runs the alignment study end to end: each target's reference is prepared once (features of the training and
/// validation images, or the brain stimuli split with one fold held out); every target x alpha x seed network is
/// trained with the composite loss (or, when its run directory holds a finished run of the same config, loaded);
/// each is scored by validation accuracy and by 5-fold linear alignment and CKA with the reference on held-out
/// images; degradations are taken against the alpha = 0 network of the same target and seed and the Pareto front of
/// accuracy against validation alignment is marked per target.
/// </summary>
public sealed class AlignmentStudy(AlignmentStudyOptions options, string runsRoot)
{

    public AlignmentStudyOptions Options { get; } = options;
    public string RunsRoot { get; } = runsRoot;

    /// <summary>The run directory of one network: readable fields and a hash of the whole config.</summary>
    public string RunDirectory(string target, double alpha, int seed)
    {
        var config = Config(target, alpha, seed);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(config)))[..10];
        var (reference, layer) = AlignmentStudyOptions.Parse(target);
        var slug = new string(reference.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        if (slug.Length > 24) slug = slug[..24];
        return Path.Combine(RunsRoot, FormattableString.Invariant($"{slug}-{layer}-a{alpha:0.####}-s{seed}-{hash}"));
    }

    /// <param name="brain">The brain set of <c>brain:ROI</c> references (loaded only when a target needs it).</param>
    public AlignmentStudyResult Run(Func<BrainRoiSet>? brain, ImageDataset fashionTrain, ImageDataset fashionTest,
        IProgress<AlignmentStudyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        var clock = Stopwatch.StartNew();
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(Options.Threads);
        var train = Subset(fashionTrain, ClassBalancedSubset.Select(fashionTrain.Labels, fashionTrain.Classes.Count, Options.SamplesPerClass, 0));
        var validation = Subset(fashionTest, LastPerClass(fashionTest, Options.ValidationPerClass));
        var input = new InputShape(train.Channels, train.Height);
        Directory.CreateDirectory(RunsRoot);
        BrainRoiSet? brainSet = null;
        var lazyBrain = brain is null ? null : new Func<BrainRoiSet>(() => brainSet ??= brain());

        var targets = Options.ParsedTargets;
        var runs = (from t in Options.Targets from a in Options.Alphas from s in Options.Seeds select (Target: t, Alpha: a, Seed: s)).ToList();
        var rows = new List<(string Target, string Reference, string Layer, double Alpha, int Seed, double Accuracy, double Linear, double Cka, double Training, double TaskLoss)>();
        var curves = new List<AlignmentCurve>();
        var filters = new List<AlignmentFilters>();
        var trained = 0;
        var index = 0;
        foreach (var (target, (referenceName, layer)) in Options.Targets.Zip(targets))
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new AlignmentStudyProgress("preparing the reference", index + 1, runs.Count, target));
            using var reference = AlignmentReferences.Open(referenceName, lazyBrain, grid: Options.Grid, maxFeatures: Options.MaxFeatures);
            using var prepared = AlignmentTarget.Create(reference, train, validation, input, FashionMnist.Normalization, Options.Folds, 0, cancellationToken);
            foreach (var alpha in Options.Alphas)
                foreach (var seed in Options.Seeds)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    index++;
                    var name = FormattableString.Invariant($"{target} alpha {alpha:0.###} seed {seed}");
                    var k = index;
                    var (model, run, fresh) = TrainOrLoad(target, layer, alpha, seed, train, validation, prepared, input,
                        p => progress?.Report(new AlignmentStudyProgress("train", k, runs.Count, name, p)), cancellationToken);
                    using (model)
                    {
                        if (fresh) trained++;
                        progress?.Report(new AlignmentStudyProgress("validation alignment", k, runs.Count, name));
                        var (linear, cka) = ValidationAlignment(model, layer, input, prepared, cancellationToken);
                        rows.Add((target, referenceName, layer, alpha, seed, run.Final.ValidationAccuracy, linear, cka, run.FinalTrainingAlignment, run.Final.TaskLoss));
                        curves.Add(new AlignmentCurve(referenceName, layer, alpha, seed, run));
                        filters.Add(FirstFilters(referenceName, layer, alpha, seed, model));
                    }
                }
        }

        var table = new List<AlignmentRow>();
        foreach (var r in rows)
        {
            var baseline = rows.First(b => b.Target == r.Target && b.Seed == r.Seed && b.Alpha == 0).Accuracy;
            table.Add(new AlignmentRow(r.Reference, r.Layer, r.Alpha, Options.Beta, r.Seed, r.Accuracy, r.Linear, r.Cka, baseline - r.Accuracy, r.Training, r.TaskLoss, false));
        }
        foreach (var target in Options.Targets)
        {
            var members = Enumerable.Range(0, table.Count).Where(i => table[i].Target == target).ToList();
            foreach (var i in ParetoFront.Maximal(members.Select(i => (table[i].ValidationAlignment, table[i].Accuracy)).ToList()))
                table[members[i]] = table[members[i]] with { Pareto = true };
        }
        return new AlignmentStudyResult(Options, brainSet?.Name, table, curves, filters, Kernels(), trained, clock.Elapsed.TotalSeconds);
    }

    private string Config(string target, double alpha, int seed)
    {
        var o = Options;
        return JsonSerializer.Serialize(new
        {
            target, alpha, o.Beta, seed, o.Arch, o.Width, o.Grid, o.MaxFeatures, o.Alignment, o.RidgeAlpha, o.Folds, o.SamplesPerClass, o.ValidationPerClass,
            o.Epochs, o.BatchSize, o.AlignmentBatchSize, o.LearningRate,
        }, RunFiles.Json);
    }

    private (Module<Tensor, Tensor> Model, AlignmentRun Run, bool Fresh) TrainOrLoad(string target, string layer, double alpha, int seed,
        ImageDataset train, ImageDataset validation, AlignmentTarget prepared, InputShape input, Action<AlignmentProgress> report, CancellationToken cancellationToken)
    {
        var dir = RunDirectory(target, alpha, seed);
        var config = Config(target, alpha, seed);
        torch.manual_seed(seed);
        var model = ModelZoo.Create(new ModelSpec(Options.Arch, Options.Width, Input: input, NumClasses: train.Classes.Count));
        try
        {
            AlignmentTrainer.Layer(model, layer); // a wrong layer name fails before anything is written
            var (run, fresh) = StudyRunFolder.TrainOrLoad(dir, config, model, () =>
                AlignmentTrainer.Train(model, train, validation, prepared, Options.Training(alpha, seed, layer), new ProgressRelay<AlignmentProgress>(report), cancellationToken));
            if (!fresh) model.eval();
            return (model, run, fresh);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>5-fold linear alignment (the metric, ridge penalty as trained) and linear CKA of the layer with the reference on held-out images.</summary>
    private (double Linear, double Cka) ValidationAlignment(Module<Tensor, Tensor> model, string layer, InputShape input, AlignmentTarget target, CancellationToken cancellationToken)
    {
        var activations = AlignmentFeatures.Extract(model, layer, Options.Grid, Options.MaxFeatures, target.ValidationImages!, input, FashionMnist.Normalization, cancellationToken: cancellationToken);
        var reference = target.ValidationFeatures!;
        try
        {
            return (new AlignmentMeasure("linear", Options.RidgeAlpha, Options.Folds).Metric(activations, reference),
                new AlignmentMeasure("cka").Metric(activations, reference));
        }
        catch (ArgumentException)
        {
            return (double.NaN, double.NaN); // a layer dead on every held-out image has no alignment
        }
    }

    private static AlignmentFilters FirstFilters(string reference, string layer, double alpha, int seed, Module<Tensor, Tensor> model)
    {
        var conv = ModuleTree.DepthFirst(model).Select(m => m.Module).OfType<TorchSharp.Modules.Conv2d>().First();
        using var weight = conv.weight!.detach().cpu().to(ScalarType.Float32).contiguous();
        return new AlignmentFilters(reference, layer, alpha, seed, weight.shape.Select(d => (int)d).ToArray(), weight.data<float>().ToArray());
    }

    private static GaborKernels Kernels()
    {
        var bank = new GaborReference().Bank;
        const int size = 28;
        var kernels = new float[bank.Filters.Count * size * size];
        for (var k = 0; k < bank.Filters.Count; k++)
        {
            var g = bank.Filters[k];
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    double dx = x - g.X, dy = y - g.Y;
                    var u = dx * Math.Cos(g.Orientation) + dy * Math.Sin(g.Orientation);
                    kernels[(k * size + y) * size + x] = (float)(Math.Exp(-(dx * dx + dy * dy) / (2 * g.Sigma * g.Sigma)) * Math.Cos(2 * Math.PI * g.Frequency * u));
                }
        }
        return new GaborKernels(size, bank.Filters.Select(f => f.Orientation).ToArray(), bank.Filters.Select(f => f.Frequency).ToArray(), kernels);
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
