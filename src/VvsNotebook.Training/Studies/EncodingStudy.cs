using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using VvsNotebook.Brain;
using VvsNotebook.Metrics.Ceilings;
using VvsNotebook.Metrics.Encoding;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// Runs the ViT encoding study end to end: every grid cell (<see cref="EncodingStudyOptions.Grid"/>) is trained by
/// <see cref="Trainer"/> into its own run directory (or, when that directory holds a run the study finished with the
/// same config, read back), timed per step, and its features of the brain set's stimuli
/// (<see cref="EncodingFeatures"/>) are mapped to every subject's voxels in every ROI by cross-validated ridge
/// (<see cref="RidgeEncoding"/>). Accepts any <see cref="BrainRoiSet"/> with stimulus images (the simulated set
/// offline, THINGS-fMRI with its images).
/// </summary>
public sealed class EncodingStudy(EncodingStudyOptions options, string runsRoot)
{
    /// <summary>Written after the trainer's result.json: its presence marks a run this study finished.</summary>
    public const string RecordFile = "encoding-run.json";

    public EncodingStudyOptions Options { get; } = options;
    public string RunsRoot { get; } = runsRoot;

    /// <summary>The ViT of one grid cell.</summary>
    public static ModelSpec Spec(EncodingRunKey key) => new("vit", Depth: key.Depth) { Dim = key.HiddenDim, Heads = key.Heads };

    /// <summary>The trainer's config of one grid cell.</summary>
    public RunConfig Config(EncodingRunKey key) => new()
    {
        Model = Spec(key), SamplesPerClass = key.SamplesPerClass, Seed = key.Seed, Recipe = Options.Recipe(), Threads = Options.Threads,
        ValidationImages = Options.ValidationImages, Device = Options.Device, Precision = key.Precision,
    };

    /// <summary>
    /// The run directory of one grid cell: the trainer's run name (model, data size, seed, precision) plus the recipe
    /// and thread count, so runs that differ in anything that changes their result never share a folder.
    /// </summary>
    public string RunDirectory(EncodingRunKey key)
    {
        var c = Config(key);
        return Path.Combine(RunsRoot, string.Create(CultureInfo.InvariantCulture,
            $"{c.Name}_e{Options.Epochs}_b{Options.BatchSize}_{Options.Optimizer}{Options.LearningRate:0.#####}_wd{Options.WeightDecay:0.#####}_v{Options.ValidationImages}_t{Options.Threads}{(c.Device is { } d ? "_" + d.Replace(':', '-') : "")}"));
    }

    public EncodingStudyResult Run(BrainRoiSet brain, ImageDataset fashionTrain, ImageDataset fashionTest,
        IProgress<EncodingStudyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        var clock = Stopwatch.StartNew();
        var stimuli = brain.Stimuli ?? throw new ArgumentException($"The brain set {brain.Name} carries no stimulus images, which the networks must see; " +
            "give the loader the stimulus image folder (see data-manifests/things-fmri.yaml).");
        foreach (var d in Options.SamplesPerClass)
            ClassBalancedSubset.Select(fashionTrain.Labels, fashionTrain.Classes.Count, d, 0); // too large a size fails before any training
        TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(RunsRoot);

        // Each subject's trial-averaged responses; the ROI ceiling is the subjects' mean split-half consistency.
        var responses = brain.Rois.ToDictionary(roi => roi, roi => brain.Subjects.Select(s => brain.Get(s, roi).Averaged(brain.StimulusCount)).ToList());
        var ceilings = brain.Rois.Select(roi => new EncodingCeiling(roi, brain.Subjects.Average(s => Ceiling(brain.Get(s, roi), cancellationToken)))).ToList();
        var encoder = new RidgeEncoding { Folds = Options.Folds };

        var grid = Options.Grid();
        var rows = new List<EncodingRow>();
        var steps = new Dictionary<string, IReadOnlyList<TrainingStep>>();
        var epochs = new Dictionary<string, IReadOnlyList<EpochMetrics>>();
        var trained = 0;
        for (var k = 0; k < grid.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = grid[k];
            var name = key.ToString();
            var dir = RunDirectory(key);
            var (result, record, fresh) = TrainOrRead(key, dir, fashionTrain, fashionTest,
                p => progress?.Report(new EncodingStudyProgress("train", k + 1, grid.Count, name, p)), cancellationToken);
            if (fresh) trained++;
            progress?.Report(new EncodingStudyProgress("encode", k + 1, grid.Count, name));
            torch.set_num_threads(Options.Threads);
            Matrix<double> features;
            using (var model = (VisionTransformer)ModelZoo.Create(Spec(key) with { Input = InputShape.FashionMnist, NumClasses = fashionTrain.Classes.Count }))
            {
                Loop.RunDirectory.LoadState(model, Path.Combine(dir, Loop.RunDirectory.ModelFile));
                features = EncodingFeatures.Extract(model, Options.Layer, stimuli, cancellationToken);
            }
            var encoding = new List<RoiEncoding>();
            foreach (var roi in brain.Rois)
            {
                var r = responses[roi].SelectMany(y => encoder.Score(features, y, cancellationToken).R).Where(v => !double.IsNaN(v)).ToArray();
                var median = r.Length == 0 ? double.NaN : MathNet.Numerics.Statistics.Statistics.Median(r);
                var ceiling = ceilings.First(c => c.Roi == roi).Ceiling;
                encoding.Add(new RoiEncoding(roi, r.Length, r.Length == 0 ? double.NaN : r.Average(), median, median / ceiling));
            }
            var runName = Path.GetFileName(dir);
            rows.Add(new EncodingRow(runName, key.SamplesPerClass, (int)result.NSamples, key.HiddenDim, key.Depth, key.Heads, result.Parameters,
                result.MacsPerImage, result.FlopsPerImage, result.TotalFlops, key.Precision, key.Seed, record.TrainingSeconds, record.SecondsPerStep, record.MeanSecondsPerStep,
                result.ValidationAccuracy, result.ValidationLoss, result.TrainLoss, encoding));
            steps[runName] = record.Steps;
            epochs[runName] = ReadMetrics(dir);
        }

        return new EncodingStudyResult(Options, brain.Name, brain.Rois, rows, Compare(rows, brain.Rois), ceilings, steps, epochs, trained, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Split-half consistency of one subject's ROI; NaN (no normalised r) for responses with a single repetition.</summary>
    private static double Ceiling(RoiResponses responses, CancellationToken cancellationToken)
    {
        if (responses.Repetition.Distinct().Count() < 2) return double.NaN;
        return new SplitHalfConsistency().Estimate(responses.Trials, responses.Stimulus, responses.Repetition, cancellationToken).Ceiling;
    }

    /// <summary>Pairs every fp32 row with its bf16/fp16 twin (same data size, shape and seed).</summary>
    public static IReadOnlyList<PrecisionComparison> Compare(IReadOnlyList<EncodingRow> rows, IReadOnlyList<string> rois)
    {
        var comparisons = new List<PrecisionComparison>();
        foreach (var fp32 in rows.Where(r => r.Precision == Precision.Fp32))
            foreach (var low in rows.Where(r => r.Precision != Precision.Fp32 && r.Key with { Precision = Precision.Fp32 } == fp32.Key))
                comparisons.Add(new PrecisionComparison(fp32.SamplesPerClass, fp32.HiddenDim, fp32.Depth, fp32.Heads, fp32.Seed, low.Precision,
                    fp32.SecondsPerStep, low.SecondsPerStep, fp32.TrainingSeconds, low.TrainingSeconds, fp32.ValidationAccuracy, low.ValidationAccuracy,
                    rois.Select(roi => new RoiPrecisionDifference(roi, fp32.At(roi).MeanR, low.At(roi).MeanR, low.At(roi).MeanR - fp32.At(roi).MeanR)).ToList()));
        return comparisons;
    }

    private (TrainingResult Result, EncodingRunRecord Record, bool Fresh) TrainOrRead(EncodingRunKey key, string dir, ImageDataset train, ImageDataset test,
        Action<TrainingProgress> report, CancellationToken cancellationToken)
    {
        var config = Config(key);
        var resultPath = Path.Combine(dir, "result.json");
        var recordPath = Path.Combine(dir, RecordFile);
        if (File.Exists(resultPath))
        {
            if (!Loop.RunDirectory.HoldsConfig(dir, config))
                throw new InvalidOperationException($"{dir} holds a finished run with another config; use another --runs-dir or delete that folder.");
            var finished = RunFiles.ReadJson<TrainingResult>(resultPath);
            if (File.Exists(recordPath)) return (finished, RunFiles.ReadJson<EncodingRunRecord>(recordPath), false);
            // Stopped between the trainer's result and the study's record: the timing of that session is lost.
            var untimed = new EncodingRunRecord(double.NaN, double.NaN, double.NaN, 0, []);
            RunFiles.WriteJson(recordPath, untimed);
            return (finished, untimed, false);
        }
        var clock = new StepClock(Options.WarmupSteps, Options.BatchSize, key.SamplesPerClass * train.Classes.Count, report);
        var wall = Stopwatch.StartNew();
        // The trainer reports every step synchronously on its (this) thread, so the clock sees each step's end.
        var result = new Trainer(isTrain => isTrain ? train : test).RunAsync(config, dir, clock, cancellationToken).GetAwaiter().GetResult();
        var record = new EncodingRunRecord(wall.Elapsed.TotalSeconds, clock.SecondsPerStep, clock.MeanSecondsPerStep, clock.TimedSteps, clock.Steps);
        RunFiles.WriteJson(recordPath, record); // written last: its presence marks a run the study finished
        return (result, record, true);
    }

    private static IReadOnlyList<EpochMetrics> ReadMetrics(string dir)
    {
        var path = Path.Combine(dir, "metrics.jsonl");
        return File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Length > 0).Select(l => System.Text.Json.JsonSerializer.Deserialize<EpochMetrics>(l, RunFiles.Json)!).ToList()
            : [];
    }

    /// <summary>
    /// Times the trainer's steps from its progress reports and keeps the per-step curve. The trainer reports the
    /// epoch's running means (sum over batches of loss x batch size, over images seen), so one batch's loss is the
    /// difference of consecutive sums over its size; batches hold <paramref name="batchSize"/> images but the last.
    /// </summary>
    private sealed class StepClock(int warmupSteps, int batchSize, int images, Action<TrainingProgress> forward) : IProgress<TrainingProgress>
    {
        private readonly List<double> _durations = [];
        private long _last;
        private int _count;
        private double _lossSum, _correct;

        public List<TrainingStep> Steps { get; } = [];
        public int TimedSteps => _durations.Count;
        public double SecondsPerStep => TimedSteps == 0 ? double.NaN : MathNet.Numerics.Statistics.Statistics.Median(_durations.ToArray());
        public double MeanSecondsPerStep => TimedSteps == 0 ? double.NaN : _durations.Average();

        public void Report(TrainingProgress p)
        {
            var now = Stopwatch.GetTimestamp();
            _count++;
            // An epoch's first interval also spans the previous epoch's validation and checkpoint.
            if (_count > warmupSteps && p.Batch > 1 && _last != 0) _durations.Add(Stopwatch.GetElapsedTime(_last, now).TotalSeconds);
            _last = now;
            double seen = Math.Min((long)p.Batch * batchSize, images), before = Math.Min((long)(p.Batch - 1) * batchSize, images);
            if (p.Batch == 1) _lossSum = _correct = 0;
            double lossSum = p.Loss * seen, correct = p.Accuracy * seen;
            Steps.Add(new TrainingStep((long)p.Epoch * p.BatchesPerEpoch + p.Batch, p.Epoch, (lossSum - _lossSum) / (seen - before), (correct - _correct) / (seen - before), p.Loss, p.Accuracy));
            (_lossSum, _correct) = (lossSum, correct);
            forward(p);
        }
    }
}
