using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VvsNotebook.Torch;
using VvsNotebook.Training.Models;
using F = VvsNotebook.Torch.torch.nn.functional;

// Training-step throughput of ResNet-flex through VvsNotebook.Torch versus PyTorch 1.13 (/usr/bin/python3,
// Debian python3-torch) for the same model, batch, input and thread count. Rounds alternate ours / PyTorch so
// both see the same machine load; the median step time of each side gives images/s and the ratio.
var options = Args.Parse(args);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"ResNet{options.Depth}-flex width {options.Width}, input {options.Channels}x{options.Size}x{options.Size}, batch {options.Batch}, " +
                  $"{options.Threads} threads, {options.Rounds} rounds x {options.Steps} steps (+{options.Warmup} warm-up), SGD momentum 0.9");

var ours = new List<double>();
var theirs = new List<double>();
long? ourParameters = null, theirParameters = null;
for (var round = 0; round < options.Rounds; round++)
{
    var (steps, parameters) = Ours(options);
    ours.AddRange(steps); ourParameters = parameters;
    var (refSteps, refParameters) = PyTorch(options);
    theirs.AddRange(refSteps); theirParameters = refParameters;
    Console.WriteLine($"round {round + 1}: ours {options.Batch / Median(steps):F1} img/s, pytorch {options.Batch / Median(refSteps):F1} img/s");
}
if (ourParameters != theirParameters) Console.WriteLine($"WARNING: parameter counts differ (ours {ourParameters}, pytorch {theirParameters})");
double oursRate = options.Batch / Median(ours), theirRate = options.Batch / Median(theirs);
Console.WriteLine($"parameters: {ourParameters:N0} (both)");
Console.WriteLine($"VvsNotebook.Torch : {oursRate,8:F1} images/s (median step {Median(ours) * 1000:F1} ms)");
Console.WriteLine($"PyTorch {options.TorchVersion,-9} : {theirRate,8:F1} images/s (median step {Median(theirs) * 1000:F1} ms)");
Console.WriteLine($"ratio (our step time / PyTorch step time): {theirRate / oursRate:F3}  (target <= 1.05)");
return 0;

static (List<double> Steps, long Parameters) Ours(Args o)
{
    torch.set_num_threads(o.Threads);
    torch.manual_seed(0);
    using var model = ModelZoo.Create(new ModelSpec("resnet", o.Width, o.Depth, new InputShape(o.Channels, o.Size), 10));
    model.train();
    using var sgd = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-4);
    using var x = torch.randn([o.Batch, o.Channels, o.Size, o.Size]);
    using var y = torch.randint(0, 10, [o.Batch]);
    var times = new List<double>();
    for (var i = 0; i < o.Warmup + o.Steps; i++)
    {
        var clock = Stopwatch.StartNew();
        using (torch.NewDisposeScope())
        {
            sgd.zero_grad();
            var loss = F.cross_entropy(model.call(x), y);
            loss.backward();
            sgd.step();
            loss.item();
        }
        if (i >= o.Warmup) times.Add(clock.Elapsed.TotalSeconds);
    }
    return (times, model.parameter_count());
}

static (List<double> Steps, long Parameters) PyTorch(Args o)
{
    var script = Path.Combine(AppContext.BaseDirectory, "pytorch_reference.py");
    var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { script, "--depth", $"{o.Depth}", "--width", $"{o.Width}", "--batch", $"{o.Batch}", "--size", $"{o.Size}",
                 "--channels", $"{o.Channels}", "--threads", $"{o.Threads}", "--warmup", $"{o.Warmup}", "--steps", $"{o.Steps}" })
        info.ArgumentList.Add(a);
    using var p = Process.Start(info) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
    var stdout = p.StandardOutput.ReadToEnd();
    var stderr = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"PyTorch reference failed (is python3-torch installed?):\n{stderr}");
    using var json = JsonDocument.Parse(stdout);
    o.TorchVersion = json.RootElement.GetProperty("torch").GetString()!;
    return (json.RootElement.GetProperty("step_seconds").EnumerateArray().Select(e => e.GetDouble()).ToList(), json.RootElement.GetProperty("parameters").GetInt64());
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

sealed class Args
{
    public int Depth = 18, Batch = 128, Size = 28, Channels = 1, Threads = 2, Warmup = 3, Steps = 20, Rounds = 3;
    public double Width = 0.25;
    public string TorchVersion = "?";

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
                case "--rounds": o.Rounds = int.Parse(v); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; known: --depth --width --batch --size --channels --threads --warmup --steps --rounds.");
            }
        }
        return o;
    }
}
