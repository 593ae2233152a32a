using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Brain;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Alignment;
using VvsNotebook.Training.Checkpoints;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Tests.Alignment;

/// <summary>The three kinds of reference: the Gabor oracle, a frozen trained network (run folder or checkpoint), brain ROIs.</summary>
public sealed class AlignmentReferenceTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-align-ref-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static VvsNotebook.Activations.ImageBatch Images(int n) =>
        AlignmentTarget.ToImageBatch(FashionMnist.Load(train: false), Enumerable.Range(0, n).ToArray());

    [Fact]
    public void the_gabor_oracle_is_the_offline_v1_model_108_cells_of_12_orientations_by_9_frequencies()
    {
        var images = Images(12);
        using var reference = new GaborReference();
        var features = reference.Features(images);
        Assert.Equal((12, 108), (features.RowCount, features.ColumnCount));
        var bank = new GaborBank(OfflinePopulations.V1Filters(new NumpyRandomState(0)));
        Assert.Equal(bank.Energy(images), features);
        Assert.Equal(12, reference.Bank.Filters.Select(f => f.Orientation).Distinct().Count());
        Assert.Equal(9, reference.Bank.Filters.Select(f => f.Frequency).Distinct().Count());
        Assert.Null(reference.Stimuli);
    }

    [Fact]
    public async Task a_vvs_train_run_and_its_pytorch_export_give_the_same_frozen_layer_features()
    {
        var run = Path.Combine(_dir.FullName, "run");
        await new Trainer().RunAsync(new RunConfig
        {
            Model = new ModelSpec("rule_cnn", 0.25), SamplesPerClass = 3, ValidationImages = 20, Threads = 1,
            Recipe = new TrainingRecipe { Epochs = 1, BatchSize = 10, PeakLearningRate = 0.01, WarmupEpochs = 0, Augment = false },
        }, run);
        var checkpoint = Path.Combine(_dir.FullName, "model.pt");
        PyTorchCheckpoint.ExportRun(run, checkpoint);
        var images = Images(8);
        using var fromRun = AlignmentReferences.Open($"net:{run}:conv2", null, grid: 0);
        using var fromCheckpoint = NetworkReference.Open(checkpoint, "conv2", grid: 0);
        var a = fromRun.Features(images);
        var b = fromCheckpoint.Features(images);
        Assert.Equal(8, a.RowCount);
        Assert.Equal(16 * 7 * 7, a.ColumnCount); // rule_cnn conv2 at width 0.25: 16 channels, 7 x 7 after two pools
        Assert.True((a - b).Enumerate().Max(Math.Abs) < 1e-6);
        var (_, model) = TrainedRunSource.LoadModel(run);
        using (model)
        using (var source = new TorchActivationSource("direct", model, InputShape.FashionMnist, FashionMnist.Normalization))
            Assert.Equal(source.GetActivations(images, ["conv2"])["conv2"], a);
        using var pooled = NetworkReference.Open(run, "conv2"); // as the trained layer is: 16 channels x 4 x 4
        var p = pooled.Features(images);
        Assert.Equal(16 * 4 * 4, p.ColumnCount);
        // Average pooling of the 7 x 7 map to 4 x 4 (adaptive windows [0,2) [1,4) [3,6) [5,7)): channel 0, cell (0, 0).
        Assert.Equal(Enumerable.Range(0, 4).Average(i => a[0, (i / 2) * 7 + i % 2]), p[0, 0], 5);
        var error = Assert.Throws<ArgumentException>(() => NetworkReference.Open(run, "fc7"));
        Assert.Contains("no layer 'fc7'", error.Message);
    }

    [Fact]
    public void a_brain_reference_is_the_rois_trial_averaged_responses_with_the_subjects_voxels_side_by_side()
    {
        var brain = SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 2 });
        using var reference = new BrainReference(brain, "V1");
        var stimuli = reference.Stimuli!;
        Assert.Equal(brain.StimulusCount, stimuli.Images.Count);
        Assert.Equal(brain.Subjects.Count * 60, stimuli.Responses.ColumnCount);
        var second = brain.Get(brain.Subjects[1], "V1").Averaged(brain.StimulusCount);
        Assert.Equal(second, stimuli.Responses.SubMatrix(0, brain.StimulusCount, 60, 60));
        Assert.Throws<InvalidOperationException>(() => reference.Features(stimuli.Images));
        Assert.Contains("no ROI 'MT'", Assert.Throws<ArgumentException>(() => new BrainReference(brain, "MT")).Message);
    }

    [Theory]
    [InlineData("gabors")]
    [InlineData("brain:")]
    [InlineData("net:/tmp/x")]
    public void malformed_reference_names_are_refused_with_the_syntax(string spec)
    {
        var error = Assert.Throws<ArgumentException>(() => AlignmentReferences.CheckSyntax(spec));
        Assert.Contains("net:PATH:LAYER", error.Message);
    }
}
