using System.Diagnostics;
using TorchSharp;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Tests;

/// <summary>Guarantees of the engine under the trainer: memory per step, and the random stream a checkpoint restores.</summary>
public sealed class EngineTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-engine-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Live managed tensors after every training step; resident memory at the end of every epoch.</summary>
    private sealed class StepProbe : IProgress<TrainingProgress>
    {
        private long _faults = MinorFaults();

        public List<long> Tensors { get; } = [];
        public List<long> ResidentBytes { get; } = [];
        public List<long> FaultsPerStep { get; } = [];

        public void Report(TrainingProgress value)
        {
            Tensors.Add(torch.Tensor.TotalCount);
            var faults = MinorFaults();
            // A step that starts an epoch also pays for the previous epoch's validation and checkpoint.
            if (value.Batch > 1) FaultsPerStep.Add(faults - _faults);
            _faults = faults;
            if (value.Batch != value.BatchesPerEpoch) return;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var self = Process.GetCurrentProcess();
            ResidentBytes.Add(self.WorkingSet64);
            _faults = MinorFaults();
        }

        /// <summary>minflt, the 10th field of /proc/self/stat (after the parenthesised command name).</summary>
        private static long MinorFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(") ")[1].Split(' ')[7], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("bf16")]
    public async Task dispose_scopes_keep_tensor_count_and_memory_flat_over_training_steps(string precision)
    {
        if (precision == Precision.Bf16 && !TorchRuntime.CpuHasBf16()) return;
        // ResNet-18 at width 0.25: 4 steps of 32 images per epoch, 8 epochs (validation and a checkpoint between them).
        var config = new RunConfig
        {
            Model = new ModelSpec("resnet18", 0.25),
            SamplesPerClass = 10,
            Threads = 2,
            ValidationImages = 100,
            Precision = precision,
            Recipe = new TrainingRecipe { Epochs = 8, BatchSize = 32, PeakLearningRate = 0.05, WarmupEpochs = 0.5, Augment = true },
        };
        // Tensors other tests left to the finalizer would otherwise leave the count while this one runs.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var probe = new StepProbe();
        await new Trainer().RunAsync(config, Path.Combine(_dir.FullName, precision), probe);
        Assert.Equal(32, probe.Tensors.Count);

        // The first step creates the optimiser's momentum buffers; from then on every step frees all it made.
        Assert.True(probe.Tensors.Skip(1).Max() <= probe.Tensors[1], $"live tensors after each step: {string.Join(", ", probe.Tensors)}");
        // After two epochs of warm-up (libtorch's and glibc's caches) memory stays put; a leak of one step's
        // activations would add tens of MB per step. (Steps that hopped between pool threads grew it ~40 MB an epoch.)
        var warm = probe.ResidentBytes.Skip(1).ToList();
        var growth = (warm.Max() - warm[0]) / 1e6;
        Assert.True(growth < 32, $"resident memory grew {growth:F0} MB over epochs 2-8; per epoch (MB): " +
            string.Join(", ", probe.ResidentBytes.Select(b => (b / 1e6).ToString("F0"))));

    }

    [Fact]
    public async Task freed_activations_are_reused_rather_than_page_faulted_in_again_every_step()
    {
        if (TorchRuntime.EnsureLoaded().MallocTuning is null) return; // malloc tuned by the environment: not ours to check
        // Batch 128 (6.4 MB activations): with glibc's defaults steps still faulted 10-20k pages back in by epoch 4, tuned ~100.
        var config = new RunConfig
        {
            Model = new ModelSpec("resnet18", 0.25),
            SamplesPerClass = 52,
            Threads = 2,
            ValidationImages = 100,
            Recipe = new TrainingRecipe { Epochs = 4, BatchSize = 128, PeakLearningRate = 0.05, WarmupEpochs = 0.5, Augment = false },
        };
        var probe = new StepProbe();
        await new Trainer().RunAsync(config, Path.Combine(_dir.FullName, "faults"), probe);
        // Steps 2-5 of epochs 3 and 4; the median, as a step now and then still grows the heap.
        var late = probe.FaultsPerStep.Skip(8).Order().ToList();
        Assert.True(late[late.Count / 2] < 2000, $"minor page faults per step (steps 2-5 of each epoch): {string.Join(", ", probe.FaultsPerStep)}");
    }

    [Fact]
    public void a_checkpoint_restores_torchs_random_stream()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        torch.manual_seed(7);
        using var model = nn.Sequential(nn.Linear(3, 2), nn.Dropout(0.5));
        using var sgd = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        var run = RunDirectory.Open(Path.Combine(_dir.FullName, "rng"), new RunConfig { Model = new ModelSpec("small_cnn") });
        using var scope = torch.NewDisposeScope();
        _ = torch.rand([3]); // move the stream away from the seed
        run.SaveCheckpoint(new TrainerState(0, 10), model, sgd);
        var first = torch.rand([5]).data<float>().ToArray();
        var dropped = model.call(torch.ones([4, 3])).data<float>().ToArray();

        torch.manual_seed(123);
        var state = run.LoadCheckpoint(run.LatestCheckpoint()!, model, sgd);
        Assert.Equal(new TrainerState(0, 10), state);
        Assert.Equal(first, torch.rand([5]).data<float>().ToArray());
        Assert.Equal(dropped, model.call(torch.ones([4, 3])).data<float>().ToArray());
    }
}
