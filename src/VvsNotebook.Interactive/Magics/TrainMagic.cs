using System.CommandLine;
using VvsNotebook.Interactive.Formatting;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Workflow;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!train --arch resnet18 --samples-per-class 10 --out run</c>: trains one model on a class-balanced Fashion-MNIST
/// subset with the paper's recipe (overridable), showing live loss/accuracy curves; stops at the next batch when the
/// kernel is interrupted (the run directory keeps its checkpoints, so the same magic resumes). A run that already
/// finished with the same configuration is loaded instead of retrained.
/// </summary>
public sealed class TrainMagic : MagicCommand
{
    private readonly TrainingRunOptions _run = new();
    private readonly Option<string?> _runDir = new("--run-dir") { Description = "Run directory (default: runs/<model>_<dataset>_d<d>_s<seed>)" };

    public override bool NeedsTorch(ParseResult parse) => true;

    public TrainMagic() : base("#!train", "Train a model on a subsampled dataset with live loss/accuracy curves")
    {
        _run.AddTo(Command);
        Command.Add(_runDir);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var config = _run.Config(parse);
        var directory = parse.GetValue(_runDir) ?? Path.Combine("runs", config.Name);
        var resultPath = Path.Combine(directory, "result.json");
        if (File.Exists(resultPath) && RunDirectory.ReadConfig(directory) == config)
        {
            context.Display($"{config.Name}: already trained in {Path.GetFullPath(directory)}; loaded its result.");
            return RunFiles.ReadJson<TrainingResult>(resultPath);
        }

        var curve = new TrainingCurve(config.Name, []);
        var live = context.Display(curve);
        var lastStep = 0;
        var progress = new ThrottledProgress<TrainingProgress>(p =>
        {
            lastStep = p.Epoch * p.BatchesPerEpoch + p.Batch;
            curve = curve.With(new TrainingCurve.Point(lastStep, p.Epoch, p.Epochs, p.Loss, p.Accuracy, p.ImagesPerSecond));
            live.Update(curve);
        }, intervalMs: 250);
        var resolver = DataResolver.FromEnvironment(parse.GetValue(_run.DataDir));
        var trainer = new Trainer(train => FashionMnist.Load(train, resolver));
        return await Task.Run(() => trainer.RunAsync(config, directory, progress, context.CancellationToken), context.CancellationToken);
    }
}
