using TorchSharp;
using TorchSharp.Modules;
using VvsNotebook.Cli.Tests;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Tests;

/// <summary>bf16 mixed precision on the CPU, and devices and precisions this build or machine cannot give.</summary>
public sealed class PrecisionTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-precision-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static RunConfig Config(string precision, int samplesPerClass, int epochs, int batch, double lr, bool augment = false, int validation = 1000) => new()
    {
        Model = new ModelSpec("small_cnn"),
        SamplesPerClass = samplesPerClass,
        Seed = 0,
        Threads = 2,
        ValidationImages = validation,
        Precision = precision,
        Recipe = new TrainingRecipe { Epochs = epochs, BatchSize = batch, PeakLearningRate = lr, WarmupEpochs = 0.5, Augment = augment },
    };

    private static bool CpuBf16 => TorchRuntime.CpuHasBf16();

    [Fact]
    public async Task bf16_training_learns_and_saves_an_fp32_model_that_a_fresh_fp32_model_loads_and_scores_the_same()
    {
        if (!CpuBf16) return; // bf16 on such a CPU is refused (see below); this machine has avx512_bf16
        var run = Path.Combine(_dir.FullName, "run");
        var result = await new Trainer().RunAsync(Config(Precision.Bf16, 100, 5, 64, 0.01), run);
        Assert.Equal("small_cnn_fashion-mnist_d100_s0_bf16", result.ModelId);
        var metrics = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => System.Text.Json.JsonSerializer.Deserialize<EpochMetrics>(l, RunFiles.Json)!).ToList();
        Assert.True(metrics[^1].TrainLoss < 0.7 * metrics[0].TrainLoss, $"train loss {metrics[0].TrainLoss:F3} -> {metrics[^1].TrainLoss:F3}");
        // Chance is 10%; fp32 reaches ~82% on this problem.
        Assert.True(result.ValidationAccuracy >= 0.7, $"validation accuracy {result.ValidationAccuracy:P2}");

        // model.bin holds the fp32 master (TorchSharp's loader refuses another dtype), including the running
        // statistics gathered in the bf16 copy: a fresh fp32 model scores exactly what the run reported.
        using var model = ModelZoo.Create(new ModelSpec("small_cnn", Input: InputShape.FashionMnist, NumClasses: 10));
        RunDirectory.LoadState(model, Path.Combine(run, RunDirectory.ModelFile));
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(model.named_buffers().Where(b => b.name.EndsWith("running_var")), b => Assert.Equal(ScalarType.Float32, b.buffer.dtype));
        var validation = FashionMnist.Load(train: false);
        var loader = new BatchLoader(validation, Enumerable.Range(0, 1000).ToArray(), Trainer.ValidationBatchSize, Augmentation.None, FashionMnist.Normalization, 0, shuffle: false);
        var (loss, accuracy) = Trainer.Evaluate(model, loader);
        Assert.Equal(result.ValidationAccuracy, accuracy);
        Assert.Equal(result.ValidationLoss, loss);
    }

    [Fact]
    public async Task bf16_runs_with_the_same_seed_are_bit_identical()
    {
        if (!CpuBf16) return;
        var config = Config(Precision.Bf16, 10, 2, 25, 0.05, augment: true, validation: 200);
        var a = await new Trainer().RunAsync(config, Path.Combine(_dir.FullName, "a"));
        var b = await new Trainer().RunAsync(config, Path.Combine(_dir.FullName, "b"));
        Assert.Equal(a, b);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir.FullName, "a", "model.bin")), File.ReadAllBytes(Path.Combine(_dir.FullName, "b", "model.bin")));
        Assert.Equal(File.ReadAllText(Path.Combine(_dir.FullName, "a", "metrics.jsonl")), File.ReadAllText(Path.Combine(_dir.FullName, "b", "metrics.jsonl")));
    }

    [Fact]
    public void the_bf16_copy_computes_in_bf16_with_fp32_normalisation_while_the_master_keeps_fp32_weights_and_small_updates()
    {
        if (!CpuBf16) return;
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        torch.manual_seed(0);
        var spec = new ModelSpec("small_cnn", Input: InputShape.FashionMnist, NumClasses: 10);
        using var master = ModelZoo.Create(spec);
        using var mixed = new MixedPrecision(master, ModelZoo.Create(spec), ScalarType.BFloat16);
        var compute = mixed.Compute.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(ScalarType.BFloat16, compute["features.0.weight"].dtype);
        Assert.Equal(ScalarType.BFloat16, compute["classifier.weight"].dtype);
        Assert.Equal(ScalarType.Float32, compute["features.1.weight"].dtype); // batch norm
        Assert.All(mixed.Compute.named_buffers().Where(b => b.name.EndsWith("running_mean")), b => Assert.Equal(ScalarType.Float32, b.buffer.dtype));
        Assert.Equal(1.0, mixed.LossScale);
        Assert.Null(mixed.ScaleState);

        using var sgd = torch.optim.SGD(master.parameters(), 0.01);
        mixed.Compute.train();
        using var x = torch.randn([8, 1, 28, 28]).to(ScalarType.BFloat16);
        using var y = torch.randint(0, 10, [8]);
        for (var step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            sgd.zero_grad();
            F.cross_entropy(mixed.Compute.call(x).to(ScalarType.Float32), y).backward();
            Assert.True(mixed.UnscaleGradientsIntoMaster());
            Assert.All(master.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));
            Assert.All(mixed.Compute.parameters(), p => Assert.Null(p.grad));
            sgd.step();
            mixed.CopyWeightsToCompute();
        }
        Assert.All(master.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        // Running statistics gathered over every step (not reset by the weight copies), then handed to the master.
        mixed.SyncMasterBuffers();
        var tracked = master.named_buffers().Single(b => b.name == "features.1.num_batches_tracked").buffer;
        Assert.Equal(3L, tracked.item<long>());

        // An update below bf16's resolution (2^-7 at 1) accumulates in the master and reaches the copy once it adds up.
        var masterWeight = master.named_parameters().Single(p => p.name == "classifier.bias").parameter;
        using (torch.no_grad()) masterWeight.fill_(1.0);
        mixed.CopyWeightsToCompute();
        for (var i = 0; i < 10; i++)
        {
            using (torch.no_grad()) masterWeight.add_(1e-3);
            mixed.CopyWeightsToCompute();
        }
        Assert.Equal(1.01f, masterWeight[0].item<float>(), 5);
        Assert.Equal(1.0078125f, compute["classifier.bias"][0].to(ScalarType.Float32).item<float>());
    }

    [Fact]
    public void vvs_train_and_sweep_refuse_a_gpu_this_cpu_build_lacks_and_fp16_on_a_cpu_with_exit_code_2_and_one_line()
    {
        var run = Path.Combine(_dir.FullName, "refused");
        string[] train = ["train", "--arch", "small_cnn", "--samples-per-class", "1", "--epochs", "1", "--run-dir", run];

        var (code, _, stderr) = VvsProcess.Run([.. train, "--device", "cuda"]);
        Assert.Equal(2, code);
        Assert.Equal("error: --device cuda asks for a GPU, but this build uses the CPU libtorch. Use --device cpu, or rebuild with " +
            "`dotnet build -c Release -p:VvsTorchBackend=cuda` on a machine with an NVIDIA driver (README, \"Training on a GPU\"; untested).", stderr.Trim());

        (code, _, stderr) = VvsProcess.Run([.. train, "--precision", "fp16"]);
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: --precision fp16 needs a GPU (--device cuda)", stderr);

        (code, _, stderr) = VvsProcess.Run([.. train, "--precision", "fp8"]);
        Assert.Equal((2, "error: Unknown precision 'fp8'; use --precision fp32, bf16 or fp16."), (code, stderr.Trim()));
        (code, _, stderr) = VvsProcess.Run([.. train, "--device", "tpu"]);
        Assert.Equal((2, "error: Unknown device 'tpu'; use --device cpu or --device cuda (cuda:N for one of several GPUs)."), (code, stderr.Trim()));

        (code, _, stderr) = VvsProcess.Run(["sweep", "--arch", "small_cnn", "--samples-per-class", "1", "--epochs", "1", "--device", "cuda:0", "--runs-dir", run]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --device cuda:0 asks for a GPU, but this build uses the CPU libtorch.", stderr);
        Assert.False(Directory.Exists(run), "a refused run must leave no run directory");
    }

    [Fact]
    public void run_configs_name_their_precision_and_refuse_what_this_machine_cannot_run()
    {
        Assert.Equal("small_cnn_fashion-mnist_d10_s0", Config(Precision.Fp32, 10, 1, 10, 0.1).Name);
        Assert.Null(Config(Precision.Fp32, 10, 1, 10, 0.1).Precision); // fp32 configs stay as they were
        Assert.Equal("small_cnn_fashion-mnist_d10_s0_bf16", Config("BF16", 10, 1, 10, 0.1).Name);
        Assert.Contains("needs a GPU", Assert.Throws<ArgumentException>(() => Config(Precision.Fp16, 10, 1, 10, 0.1).Validate()).Message);
        if (CpuBf16) Config(Precision.Bf16, 10, 1, 10, 0.1).Validate();
        else Assert.Contains("emulated", Assert.Throws<ArgumentException>(() => Config(Precision.Bf16, 10, 1, 10, 0.1).Validate()).Message);
        Assert.Throws<TorchRuntimeException>(() => (Config(Precision.Fp32, 10, 1, 10, 0.1) with { Device = "cuda" }).Validate());
    }
}
