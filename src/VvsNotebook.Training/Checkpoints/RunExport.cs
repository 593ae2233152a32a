using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>What <see cref="PyTorchCheckpoint.ExportRun"/> wrote.</summary>
public sealed record RunExport(string Run, string Checkpoint, string Sidecar, string ModelId, int Tensors, long Parameters);

public static partial class PyTorchCheckpoint
{
    /// <summary>
    /// Writes a finished run's trained weights as a PyTorch state dict at <paramref name="checkpoint"/> and its
    /// <see cref="CheckpointSidecar"/> beside it. Input errors (no run, an unfinished run, an output folder that does
    /// not exist) are raised before anything is loaded or written.
    /// </summary>
    public static RunExport ExportRun(string runDirectory, string checkpoint)
    {
        var run = Path.GetFullPath(runDirectory);
        var output = Path.GetFullPath(checkpoint);
        CheckExportable(run, output);
        var config = RunDirectory.ReadConfig(run);
        var result = RunFiles.ReadJson<TrainingResult>(Path.Combine(run, "result.json"));
        var (_, model) = TrainedRunSource.LoadModel(run);
        using (model)
        {
            Save(model, output);
            var input = config.Model.Input ?? InputShape.FashionMnist;
            var (mean, std) = FashionMnist.Normalization;
            var sidecar = new CheckpointSidecar
            {
                ModelId = config.Name,
                Arch = config.Model.Arch,
                Width = config.Model.Width,
                Depth = config.Model.Depth,
                Input = input,
                NumClasses = FashionMnist.Classes.Count,
                Classes = FashionMnist.Classes,
                Normalization = new ChannelNormalization(Enumerable.Repeat(mean, input.Channels).ToArray(), Enumerable.Repeat(std, input.Channels).ToArray()),
                StateDict = Path.GetFileName(output),
                Tensors = model.state_dict().Count,
                Parameters = model.parameters().Sum(p => p.numel()),
                Training = result,
            };
            var sidecarPath = CheckpointSidecar.PathFor(output);
            sidecar.Write(sidecarPath);
            return new RunExport(run, output, sidecarPath, sidecar.ModelId, sidecar.Tensors, sidecar.Parameters);
        }
    }

    /// <summary>The checks <see cref="ExportRun"/> makes before any work; <c>vvs export</c> turns them into exit code 2.</summary>
    public static void CheckExportable(string runDirectory, string checkpoint)
    {
        if (!Directory.Exists(runDirectory)) throw new DirectoryNotFoundException($"Run directory not found: {runDirectory}");
        if (!File.Exists(Path.Combine(runDirectory, "config.json"))) throw new ArgumentException($"{runDirectory} is not a training run (no config.json).");
        if (!File.Exists(Path.Combine(runDirectory, "result.json")))
            throw new InvalidOperationException($"Run {runDirectory} has not finished training (no result.json); finish it (rerun the same `vvs train`) before exporting.");
        if (Directory.Exists(checkpoint)) throw new ArgumentException($"--checkpoint {checkpoint} is a directory; give a file name such as model.pt.");
        var folder = Path.GetDirectoryName(checkpoint);
        if (folder is null || !Directory.Exists(folder)) throw new DirectoryNotFoundException($"The folder of {checkpoint} does not exist.");
        _ = CheckpointSidecar.PathFor(checkpoint);
        var probe = Path.Combine(folder, $".vvs-export-{Environment.ProcessId}.tmp");
        try { using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { } }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UnauthorizedAccessException($"Cannot write to {folder}: {e.Message}", e);
        }
    }
}
