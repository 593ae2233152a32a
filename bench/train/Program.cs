using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VvsNotebook.Torch;
using VvsNotebook.Training.Models;
using F = VvsNotebook.Torch.torch.nn.functional;

// Training-step throughput of ResNet-flex through VvsNotebook.Torch versus PyTorch 1.13 (/usr/bin/python3,
// Debian python3-torch) for the same model, batch, input and thread count. The PyTorch side runs as a server
// and the two sides alternate single steps, so a busy machine slows both alike; the ratio is the median of the
// per-pair step-time ratios (robust to load swings), reported next to each side's median images/s.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var o = Args.Parse(args);
Console.WriteLine($"ResNet{o.Depth}-flex width {o.Width}, input {o.Channels}x{o.Size}x{o.Size}, batch {o.Batch}, {o.Threads} threads, " +
                  $"{o.Steps} alternating step pairs (+{o.Warmup} warm-up each), SGD momentum 0.9 weight decay 1e-4");

using var reference = new PyTorchServer(o);
torch.set_num_threads(o.Threads);
torch.manual_seed(0);
using var model = ModelZoo.Create(new ModelSpec("resnet", o.Width, o.Depth, new InputShape(o.Channels, o.Size), 10));
model.train();
using var sgd = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-4);
using var x = torch.randn([o.Batch, o.Channels, o.Size, o.Size]);
using var y = torch.randint(0, 10, [o.Batch]);

double OurStep()
{
    var clock = Stopwatch.StartNew();
    using (torch.NewDisposeScope())
    {
        sgd.zero_grad();
        // Forward intermediates belong to an inner scope that ends before backward, as Python's refcounting drops
        // them: the graph then frees what backward has used node by node and the allocator reuses that memory,
        // instead of every activation living to the end of the step (about 40k fresh-page faults per step here).
        Tensor loss;
        using (torch.NewDisposeScope()) loss = F.cross_entropy(model.call(x), y).MoveToOuterDisposeScope();
        loss.backward();
        sgd.step();
        loss.item();
    }
    return clock.Elapsed.TotalSeconds;
}

for (var i = 0; i < o.Warmup; i++) { OurStep(); reference.Step(); }
var ours = new List<double>();
var theirs = new List<double>();
for (var i = 0; i < o.Steps; i++)
{
    // Alternate who goes first so neither side always follows the other's cache state.
    if (i % 2 == 0) { ours.Add(OurStep()); theirs.Add(reference.Step()); }
    else { theirs.Add(reference.Step()); ours.Add(OurStep()); }
}

if (model.parameter_count() != reference.Parameters)
    Console.WriteLine($"WARNING: parameter counts differ (ours {model.parameter_count()}, pytorch {reference.Parameters})");
var ratio = Median(ours.Zip(theirs, (a, b) => a / b).ToList());
Console.WriteLine($"parameters: {model.parameter_count():N0} (both)");
Console.WriteLine($"VvsNotebook.Torch  : {o.Batch / Median(ours),8:F1} images/s (median step {Median(ours) * 1000:F1} ms)");
Console.WriteLine($"PyTorch {reference.Version,-10} : {o.Batch / Median(theirs),8:F1} images/s (median step {Median(theirs) * 1000:F1} ms)");
Console.WriteLine($"ratio (our step time / PyTorch step time, median of {o.Steps} pairs): {ratio:F3}  (target <= 1.05)");
return 0;

static double Median(List<double> values)
{
    var s = values.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

/// <summary>pytorch_reference.py --serve: one training step per request.</summary>
sealed class PyTorchServer : IDisposable
{
    private readonly Process _process;

    public PyTorchServer(Args o)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "pytorch_reference.py"), "--serve", "--depth", $"{o.Depth}", "--width", $"{o.Width}",
                     "--batch", $"{o.Batch}", "--size", $"{o.Size}", "--channels", $"{o.Channels}", "--threads", $"{o.Threads}" })
            info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var header = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("PyTorch reference failed to start (is python3-torch installed?)");
        using var json = JsonDocument.Parse(header);
        Version = json.RootElement.GetProperty("torch").GetString()!;
        Parameters = json.RootElement.GetProperty("parameters").GetInt64();
    }

    public string Version { get; }
    public long Parameters { get; }

    public double Step()
    {
        _process.StandardInput.WriteLine("step");
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
                default: throw new ArgumentException($"Unknown option {args[i]}; known: --depth --width --batch --size --channels --threads --warmup --steps.");
            }
        }
        return o;
    }
}
