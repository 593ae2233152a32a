using System.Text.Json;
using TorchSharp;
using VvsNotebook.Brain;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Training.Tests.VitEncoding;

/// <summary>The ViT encoding study end to end at a tiny scale, on the simulated brain set.</summary>
public sealed class EncodingStudyTests : IDisposable
{
    private static readonly Lazy<(ImageDataset Train, ImageDataset Test)> Fashion = new(() => (FashionMnist.Load(train: true), FashionMnist.Load(train: false)));
    private static readonly Lazy<BrainRoiSet> Brain = new(() => SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 4 }));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-encoding-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static EncodingStudyOptions Tiny => new()
    {
        SamplesPerClass = [5, 10], HiddenDims = [16], Depths = [1], Heads = [2], Precisions = ["fp32", "bf16"], Seeds = [0],
        Epochs = 1, BatchSize = 16, ValidationImages = 100, Threads = 1, Folds = 3,
    };

    private string Runs => Path.Combine(_dir.FullName, "runs");

    private EncodingStudyResult Run(EncodingStudyOptions options, IProgress<EncodingStudyProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new EncodingStudy(options, Runs).Run(Brain.Value, Fashion.Value.Train, Fashion.Value.Test, progress, cancellationToken);

    [Fact]
    public void every_grid_cell_gives_a_row_with_size_compute_timing_accuracy_and_r_per_roi()
    {
        var result = Run(Tiny);
        Assert.Equal(4, result.Rows.Count);
        Assert.Equal(4, result.TrainedRuns);
        Assert.Equal(["V1", "V2", "LOC", "IT"], result.Rois);
        foreach (var row in result.Rows)
        {
            Assert.Equal(10 * row.SamplesPerClass, row.Images);
            // 16 x 1 x 16 + 16 (patches) + 16 (class token) + 50 x 16 (positions) + 12 x 16^2 + 13 x 16 (block) + 32 (norm) + 170 (head)
            Assert.Equal(16 * 16 + 16 + 16 + 50 * 16 + 12 * 256 + 13 * 16 + 32 + 170, row.Parameters);
            Assert.Equal(2 * row.MacsPerImage, row.FlopsPerImage);
            Assert.Equal(3.0 * row.FlopsPerImage * row.Images, row.TrainingFlops);
            Assert.True(row.TrainingSeconds > 0);
            Assert.True(row.SecondsPerStep > 0 && row.SecondsPerStep < row.TrainingSeconds);
            Assert.InRange(row.ValidationAccuracy, 0, 1);
            Assert.Equal(4, row.Encoding.Count);
            Assert.All(row.Encoding, e =>
            {
                Assert.Equal(3 * 60, e.Voxels);
                Assert.InRange(e.MeanR, -1, 1);
                Assert.InRange(e.MedianR, -1, 1);
                Assert.Equal(e.MedianR / result.Ceilings.Single(c => c.Roi == e.Roi).Ceiling, e.NormalizedMedianR, 12);
            });
            var steps = result.StepCurves[row.Run];
            Assert.Equal(row.Images / 16 + (row.Images % 16 > 0 ? 1 : 0), steps.Count);
            var epoch = Assert.Single(result.EpochCurves[row.Run]);
            // Each batch's loss, weighted by its size, averages to the epoch's training loss; its accuracy counts whole images.
            var sizes = steps.Select((_, k) => Math.Min(16, row.Images - 16 * k)).ToList();
            Assert.Equal(epoch.TrainLoss, steps.Select((p, k) => p.Loss * sizes[k]).Sum() / row.Images, 5);
            Assert.Equal(epoch.TrainLoss, steps[^1].EpochMeanLoss, 12);
            Assert.All(steps.Select((p, k) => p.Accuracy * sizes[k]), c => Assert.Equal(Math.Round(c), c, 6));
        }
        Assert.Equal(result.Rows.Count, result.Rows.Select(r => r.Run).Distinct().Count());
        Assert.Equal(2, result.PrecisionComparisons.Count);
        foreach (var pair in result.PrecisionComparisons)
        {
            var fp32 = result.Row(new EncodingRunKey(pair.SamplesPerClass, 16, 1, 2, "fp32", 0));
            var bf16 = result.Row(new EncodingRunKey(pair.SamplesPerClass, 16, 1, 2, "bf16", 0));
            Assert.Equal(bf16.SecondsPerStep / fp32.SecondsPerStep, pair.StepTimeRatio, 12);
            Assert.Equal(bf16.At("IT").MeanR - fp32.At("IT").MeanR, pair.Rois.Single(r => r.Roi == "IT").Difference, 12);
        }
        Assert.Contains("IT", result.ToMimeBundle()[Display.MimeTypes.Plain]);
    }

    [Fact]
    public void finished_runs_are_read_back_not_retrained_and_give_the_same_table()
    {
        var options = Tiny with { SamplesPerClass = [5], Precisions = ["fp32"] };
        var first = Run(options);
        var models = Directory.GetDirectories(Runs).Select(d => Path.Combine(d, RunDirectory.ModelFile)).Where(File.Exists).ToArray();
        Assert.Single(models);
        var written = File.GetLastWriteTimeUtc(models[0]);
        var second = Run(options);
        Assert.Equal(0, second.TrainedRuns);
        Assert.Equal(written, File.GetLastWriteTimeUtc(models[0]));
        Assert.Equal(JsonSerializer.Serialize(first.Rows, RunFiles.Json), JsonSerializer.Serialize(second.Rows, RunFiles.Json));
        // Encoding options are not part of a run: other folds re-score the same network without training it.
        var refolded = Run(options with { Folds = 4 });
        Assert.Equal(0, refolded.TrainedRuns);
        Assert.NotEqual(first.Rows[0].At("IT").MeanR, refolded.Rows[0].At("IT").MeanR);
    }

    [Fact]
    public void a_cancelled_run_leaves_no_finished_marker_and_resumes()
    {
        var options = Tiny with { SamplesPerClass = [10], Precisions = ["fp32"], Epochs = 2 };
        using var cancel = new CancellationTokenSource();
        var progress = new Synchronous(p => { if (p.Training is { Epoch: 1, Batch: 2 }) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => Run(options, progress, cancel.Token));
        Assert.Empty(Directory.GetFiles(Runs, "result.json", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Runs, EncodingStudy.RecordFile, SearchOption.AllDirectories));
        Assert.Single(Directory.GetDirectories(Runs, "epoch-*", SearchOption.AllDirectories)); // epoch 0's checkpoint
        var resumed = Run(options);
        Assert.Equal(1, resumed.TrainedRuns);
        Assert.Equal(2, resumed.EpochCurves[resumed.Rows[0].Run].Count);
        Assert.Single(Directory.GetFiles(Runs, EncodingStudy.RecordFile, SearchOption.AllDirectories));
    }

    [Fact]
    public void any_brain_set_with_images_works_and_one_without_images_is_refused_by_name()
    {
        // Another set's ROI names and subject count, as THINGS-fMRI or any other loader would give them.
        var sim = Brain.Value;
        var responses = sim.Subjects.Take(2).Select(s => sim.Get(s, "V2") with { Roi = "EVC" }).ToList();
        var custom = new BrainRoiSet("custom", sim.Stimuli, sim.StimulusIds, sim.Categories, ["EVC"], sim.Subjects.Take(2).ToList(), responses);
        var result = new EncodingStudy(Tiny with { SamplesPerClass = [5], Precisions = ["fp32"] }, Runs).Run(custom, Fashion.Value.Train, Fashion.Value.Test);
        var encoding = Assert.Single(Assert.Single(result.Rows).Encoding);
        Assert.Equal(("EVC", 2 * 60), (encoding.Roi, encoding.Voxels));
        Assert.Equal(["EVC"], result.Rois);
        var imageless = custom with { Stimuli = null };
        Assert.Contains("custom carries no stimulus images", Assert.Throws<ArgumentException>(() =>
            new EncodingStudy(Tiny, Runs + "-none").Run(imageless, Fashion.Value.Train, Fashion.Value.Test)).Message);
    }

    [Fact]
    public void the_class_token_features_are_what_the_head_reads()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        using var model = (VisionTransformer)ModelZoo.Create(new ModelSpec("vit", Depth: 2, Input: InputShape.FashionMnist, NumClasses: 10) { Dim = 32, Heads = 4 });
        var stimuli = Brain.Value.Stimuli!;
        var cls = EncodingFeatures.Extract(model, "cls", stimuli);
        Assert.Equal((stimuli.Count, 32), (cls.RowCount, cls.ColumnCount));
        using var source = new TorchActivationSource("vit", model, InputShape.FashionMnist, FashionMnist.Normalization);
        var logits = source.GetActivations(stimuli, ["head"])["head"];
        var head = model.named_children().Single(c => c.name == "head").module as TorchSharp.Modules.Linear;
        var w = head!.weight!.data<float>().ToArray(); var b = head.bias!.data<float>().ToArray();
        for (var i = 0; i < stimuli.Count; i += 17)
            for (var k = 0; k < 10; k++)
            {
                double z = b[k];
                for (var j = 0; j < 32; j++) z += w[k * 32 + j] * cls[i, j];
                Assert.Equal(logits[i, k], z, 4);
            }
        var mean = EncodingFeatures.Extract(model, "mean", stimuli);
        var block = EncodingFeatures.Extract(model, "blocks.0", stimuli);
        Assert.Equal(32, mean.ColumnCount);
        Assert.NotEqual(cls[0, 0], mean[0, 0]);
        Assert.NotEqual(mean[0, 0], block[0, 0]);
        Assert.Contains("blocks.0 to blocks.1", Assert.Throws<ArgumentException>(() => EncodingFeatures.Extract(model, "blocks.2", stimuli)).Message);
    }

    [Theory]
    [InlineData("dims", "--hidden-dims 30 is not a multiple of --heads 4")]
    [InlineData("fp16", "--precision fp16 needs a GPU")]
    [InlineData("layer", "--layer 'token'")]
    [InlineData("folds", "--folds must be at least 2")]
    [InlineData("size", "--samples-per-class: a value is listed twice")]
    [InlineData("empty", "Give at least one value for --depths")]
    public void bad_options_are_refused_naming_the_option(string what, string message)
    {
        var options = what switch
        {
            "dims" => Tiny with { HiddenDims = [16, 30], Heads = [4] },
            "fp16" => Tiny with { Precisions = ["fp32", "fp16"] },
            "layer" => Tiny with { Layer = "token" },
            "folds" => Tiny with { Folds = 1 },
            "size" => Tiny with { SamplesPerClass = [5, 5] },
            _ => Tiny with { Depths = [] },
        };
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => Run(options)).Message);
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public void fp16_passes_the_grid_with_a_gpu_device_and_fails_here_only_for_want_of_the_gpu()
    {
        var e = Assert.ThrowsAny<Exception>(() => (Tiny with { Precisions = ["fp32", "fp16"], Device = "cuda" }).Validate());
        Assert.Contains("--device cuda asks for a GPU", e.Message);
        Assert.DoesNotContain("fp16 needs a GPU", e.Message);
    }

    [Fact]
    public void a_size_beyond_the_training_set_fails_before_any_training()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(Tiny with { SamplesPerClass = [5, 7000] }));
        Assert.False(Directory.Exists(Runs));
    }

    private sealed class Synchronous(Action<EncodingStudyProgress> report) : IProgress<EncodingStudyProgress>
    {
        public void Report(EncodingStudyProgress value) => report(value);
    }
}
