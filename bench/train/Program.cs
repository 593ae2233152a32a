using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

// Training-step throughput of ResNet-flex through VvsNotebook's trainer path (TorchSharp 0.107, libtorch 2.10) versus
// PyTorch 1.13 (/usr/bin/python3, Debian python3-torch) for the same model, batch, input and thread count. The
// PyTorch side runs as a server and the sides take single steps in turn, so a busy machine slows all alike; each
// ratio is the median of per-round step-time ratios (robust to load swings), reported next to each side's median
// images/s. --precision bf16 adds our bf16 step (MixedPrecision, as the trainer runs it) and PyTorch's bf16 autocast.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var o = Args.Parse(args);
var info = TorchRuntime.EnsureLoaded();
if (o.Bf16) Precision.Validate(Precision.Bf16, "cpu");
Console.WriteLine($"ResNet{o.Depth}-flex width {o.Width}, input {o.Channels}x{o.Size}x{o.Size}, batch {o.Batch}, {o.Threads} threads, " +
                  $"{o.Steps} rounds of alternating steps (+{o.Warmup} warm-up each), SGD momentum 0.9 weight decay 1e-4" + (o.Bf16 ? ", fp32 and bf16" : ""));

using var reference = new PyTorchServer(o);
torch.set_num_threads(o.Threads);
var spec = new ModelSpec("resnet", o.Width, o.Depth, new InputShape(o.Channels, o.Size), 10);
torch.manual_seed(0);
using var x = torch.randn([o.Batch, o.Channels, o.Size, o.Size]);
using var y = torch.randint(0, 10, [o.Batch]);
using var fp32 = new OurSide(spec, null, x, y);
using var bf16 = o.Bf16 ? new OurSide(spec, ScalarType.BFloat16, x, y) : null;

var sides = new List<(string Name, Func<double> Step, List<double> Times)>
{
    ("ours fp32", fp32.Step, []),
    ("pytorch fp32", () => reference.Step(bf16: false), []),
};
if (bf16 is not null)
{
    sides.Add(("ours bf16", bf16.Step, []));
    sides.Add(("pytorch bf16", () => reference.Step(bf16: true), []));
}
for (var i = 0; i < o.Warmup; i++) foreach (var side in sides) side.Step();
for (var i = 0; i < o.Steps; i++)
    // Rotate who goes first so no side always follows another's cache state.
    for (var k = 0; k < sides.Count; k++)
    {
        var side = sides[(i + k) % sides.Count];
        side.Times.Add(side.Step());
    }

if (fp32.Parameters != reference.Parameters)
    Console.WriteLine($"WARNING: parameter counts differ (ours {fp32.Parameters}, pytorch {reference.Parameters})");
Console.WriteLine($"parameters: {fp32.Parameters:N0} (both)");
Console.WriteLine($"ours: TorchSharp {info.TorchSharpVersion}, libtorch {info.LibTorchVersion}, {info.MallocTuning ?? "glibc malloc as it comes"}");
Console.WriteLine($"PyTorch {reference.Version}, {(o.TunedReferenceMalloc ? "glibc malloc tuned as ours" : "glibc malloc as it comes (--pytorch-malloc default)")}");
foreach (var (name, _, times) in sides)
    Console.WriteLine($"{name,-13}: {o.Batch / Median(times),8:F1} images/s (median step {Median(times) * 1000:F1} ms)");
List<double> Times(string name) => sides.Single(s => s.Name == name).Times;
double RatioOf(string a, string b) => Median(Times(a).Zip(Times(b), (p, q) => p / q).ToList());
Console.WriteLine($"ratio fp32 (our step time / PyTorch step time, median of {o.Steps} rounds): {RatioOf("ours fp32", "pytorch fp32"):F3}  (target <= 1.05)");
if (bf16 is not null)
{
    Console.WriteLine($"ratio bf16 (our step time / PyTorch step time, median of {o.Steps} rounds): {RatioOf("ours bf16", "pytorch bf16"):F3}");
    Console.WriteLine($"bf16 speed-up (fp32 step time / bf16 step time): ours {RatioOf("ours fp32", "ours bf16"):F2}x, PyTorch {RatioOf("pytorch fp32", "pytorch bf16"):F2}x");
}
return 0;

static double Median(List<double> values)
{
    var s = values.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

/// <summary>One model and optimiser, stepped as <c>Trainer</c> steps: fp32, or a bf16 copy with fp32 master weights.</summary>
sealed class OurSide : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly MixedPrecision? _mixed;
    private readonly TorchSharp.Modules.OptimizerHelper _sgd;
    private readonly Tensor _x, _y;

    public OurSide(ModelSpec spec, ScalarType? compute, Tensor x, Tensor y)
    {
        torch.manual_seed(0);
        _model = ModelZoo.Create(spec);
        _mixed = compute is { } type ? new MixedPrecision(_model, ModelZoo.Create(spec), type) : null;
        (_mixed?.Compute ?? _model).train();
        _sgd = torch.optim.SGD(_model.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-4);
        (_x, _y) = (x, y);
        Parameters = _model.parameters().Sum(p => p.numel());
    }

    public long Parameters { get; }

    public double Step()
    {
        var clock = Stopwatch.StartNew();
        using (torch.NewDisposeScope())
        {
            _sgd.zero_grad();
            // Forward intermediates belong to an inner scope that ends before backward, as Python's refcounting drops
            // them: the graph then frees what backward has used node by node and the allocator reuses that memory,
            // instead of every activation living to the end of the step.
            Tensor loss;
            using (torch.NewDisposeScope())
            {
                var input = _mixed is null ? _x : _x.to(_mixed.ComputeType);
                loss = F.cross_entropy((_mixed?.Compute ?? _model).call(input).to(ScalarType.Float32), _y).MoveToOuterDisposeScope();
            }
            loss.backward();
            if (_mixed is null || _mixed.UnscaleGradientsIntoMaster())
            {
                _sgd.step();
                _mixed?.CopyWeightsToCompute();
            }
            loss.item<float>();
        }
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        _sgd.Dispose();
        _mixed?.Dispose();
        _model.Dispose();
    }
}

/// <summary>pytorch_reference.py --serve: one training step per request ("step" or "step bf16").</summary>
sealed class PyTorchServer : IDisposable
{
    private readonly Process _process;

    public PyTorchServer(Args o)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "pytorch_reference.py"), "--serve", "--depth", $"{o.Depth}", "--width", $"{o.Width}",
                     "--batch", $"{o.Batch}", "--size", $"{o.Size}", "--channels", $"{o.Channels}", "--threads", $"{o.Threads}" })
            info.ArgumentList.Add(a);
        if (o.Bf16) info.ArgumentList.Add("--bf16");
        if (o.TunedReferenceMalloc)
        {
            // The glibc settings TorchRuntime applies in-process (MallocTuning), for PyTorch through the environment.
            info.Environment["MALLOC_MMAP_THRESHOLD_"] = $"{32 << 20}";
            info.Environment["MALLOC_TRIM_THRESHOLD_"] = $"{1 << 30}";
            info.Environment["MALLOC_TOP_PAD_"] = $"{64 << 20}";
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var header = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("PyTorch reference failed to start (is python3-torch installed?)");
        using var json = JsonDocument.Parse(header);
        Version = json.RootElement.GetProperty("torch").GetString()!;
        Parameters = json.RootElement.GetProperty("parameters").GetInt64();
    }

    public string Version { get; }
    public long Parameters { get; }

    public double Step(bool bf16)
    {
        _process.StandardInput.WriteLine(bf16 ? "step bf16" : "step");
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("PyTorch reference exited mid-benchmark.");
        return double.Parse(line, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try { _process.StandardInput.WriteLine("quit"); _process.StandardInput.Close(); _process.WaitForExit(10_000); }
        finally { _process.Dispose(); }
    }
}

sealed class Args
{
    public int Depth = 18, Batch = 128, Size = 28, Channels = 1, Threads = 2, Warmup = 3, Steps = 30;
    public double Width = 0.25;
    public bool Bf16;
    /// <summary>
    /// PyTorch gets our glibc settings unless --pytorch-malloc default: with glibc's defaults its fp32 step varied
    /// between runs from 130 to 320 ms here (page faults), which made the ratio a measure of malloc, not of the engines.
    /// </summary>
    public bool TunedReferenceMalloc = true;

    public static Args Parse(string[] args)
    {
        var o = new Args();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) throw new ArgumentException($"Option {args[i]} needs a value.");
            var v = args[i + 1];
            switch (args[i])
            {
                case "--depth": o.Depth = int.Parse(v); break;
                case "--width": o.Width = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--batch": o.Batch = int.Parse(v); break;
                case "--size": o.Size = int.Parse(v); break;
                case "--channels": o.Channels = int.Parse(v); break;
                case "--threads": o.Threads = int.Parse(v); break;
                case "--warmup": o.Warmup = int.Parse(v); break;
                case "--steps": o.Steps = int.Parse(v); break;
                case "--precision":
                    o.Bf16 = v switch
                    {
                        "fp32" => false,
                        "bf16" => true,
                        _ => throw new ArgumentException($"--precision takes fp32 (ours vs PyTorch) or bf16 (fp32 and bf16, ours and PyTorch's autocast); got '{v}'."),
                    };
                    break;
                case "--pytorch-malloc":
                    o.TunedReferenceMalloc = v switch
                    {
                        "default" => false,
                        "tuned" => true,
                        _ => throw new ArgumentException($"--pytorch-malloc takes tuned (ours: freed memory kept; the default) or default (glibc as it comes); got '{v}'."),
                    };
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}; known: --depth --width --batch --size --channels --threads --warmup --steps --precision --pytorch-malloc.");
            }
        }
        return o;
    }
}
