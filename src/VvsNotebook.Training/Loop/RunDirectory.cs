using TorchSharp;
using System.Text.Json;
using VvsNotebook.Files;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Loop;

/// <summary>Refusal to touch a run that already finished.</summary>
public sealed class RunFinishedException(string message) : InvalidOperationException(message);

/// <summary>Another process is training into the run directory (it holds the directory's lock).</summary>
public sealed class RunLockedException(string message) : InvalidOperationException(message);

/// <summary>
/// Layout of one run: <c>config.json</c>, <c>subsample.json</c> (chosen training indices),
/// <c>metrics.jsonl</c> (one line per epoch), <c>checkpoints/epoch-NNNN/</c> (model, optimiser, RNG and trainer
/// state, with a <c>complete</c> marker written last), <c>model.bin</c> (TorchSharp's state format, fp32 on the CPU;
/// <c>vvs export</c> writes it as a PyTorch state dict) and <c>result.json</c> (written last: its presence means the
/// run finished and is never overwritten).
/// </summary>
public sealed class RunDirectory : IDisposable
{
    private const string CompleteMarker = "complete";

    private RunDirectory(string path) => Path = path;

    public string Path { get; }
    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");
    public string SubsamplePath => System.IO.Path.Combine(Path, "subsample.json");
    public string MetricsPath => System.IO.Path.Combine(Path, "metrics.jsonl");
    public string ResultPath => System.IO.Path.Combine(Path, "result.json");
    public string ModelPath => System.IO.Path.Combine(Path, ModelFile);

    /// <summary>The trained weights' file name inside a run.</summary>
    public const string ModelFile = "model.bin";
    public string CheckpointsPath => System.IO.Path.Combine(Path, "checkpoints");

    public bool IsFinished => File.Exists(ResultPath);

    /// <summary>Throws <see cref="RunFinishedException"/> if <paramref name="path"/> holds a finished run.</summary>
    public static void ThrowIfFinished(string path)
    {
        var run = new RunDirectory(System.IO.Path.GetFullPath(path));
        if (run.IsFinished)
            throw new RunFinishedException($"Run at {run.Path} already finished (result.json exists); choose another output directory or delete it.");
    }

    /// <summary>
    /// Creates the directory for <paramref name="config"/>, or reopens it if it holds the same config, and locks it
    /// for this process until <see cref="Dispose"/>: a second trainer on the same directory is refused at once
    /// (<see cref="RunLockedException"/>) instead of both running the whole job.
    /// </summary>
    public static RunDirectory Open(string path, RunConfig config)
    {
        ThrowIfFinished(path);
        var run = new RunDirectory(System.IO.Path.GetFullPath(path));
        Directory.CreateDirectory(run.Path);
        run.Lock();
        try
        {
            ThrowIfFinished(path); // the run another process held may have finished just before we took the lock
            run.CheckOrWriteConfig(config);
        }
        catch
        {
            run.Dispose();
            throw;
        }
        return run;
    }

    /// <summary>
    /// Creates <paramref name="path"/> if needed and takes the same lock as <see cref="Open"/>, for a folder a study
    /// trains a network into (no run config); refused with <see cref="RunLockedException"/> while another process
    /// holds it. Dispose to release.
    /// </summary>
    public static RunDirectory LockFolder(string path)
    {
        var run = new RunDirectory(System.IO.Path.GetFullPath(path));
        Directory.CreateDirectory(run.Path);
        run.Lock();
        return run;
    }

    private FileStream? _lock;

    /// <summary>The lock file; the OS releases its lock when the process ends, so a killed run never blocks a resume.</summary>
    public string LockPath => System.IO.Path.Combine(Path, ".lock");

    private string LockOwnerPath => System.IO.Path.Combine(Path, ".lock-owner");

    private void Lock()
    {
        try
        {
            // FileShare.None is an exclusive flock(2) on Unix: held by this process only, dropped by the kernel at exit.
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            var owner = File.Exists(LockOwnerPath) ? File.ReadAllText(LockOwnerPath).Trim() : "another process";
            throw new RunLockedException($"{Path} is being trained by {owner}; wait for it to finish (or stop it), or give another run directory.");
        }
        File.WriteAllText(LockOwnerPath, $"process {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC\n");
    }

    // The lock held by another open of the file: on Unix .NET passes flock's EWOULDBLOCK on as the HResult (11 on Linux,
    // 35 on macOS), on Windows a sharing or lock violation. Other I/O errors (permissions, a full disk) are not a
    // holder and propagate as they are.
    private static bool IsHeldElsewhere(IOException e) => e.GetType() == typeof(IOException)
        && (OperatingSystem.IsWindows() ? e.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021) : e.HResult is 11 or 35);

    /// <summary>Releases the directory's lock.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    private void CheckOrWriteConfig(RunConfig config)
    {
        var run = this;
        if (File.Exists(run.ConfigPath))
        {
            if (!HoldsConfig(run.Path, config))
                throw new InvalidOperationException($"{run.Path} holds a different run (config.json differs); refusing to mix runs. Use another output directory.");
        }
        else AtomicFile.WriteAllText(run.ConfigPath, JsonSerializer.Serialize(config, RunFiles.Json) + "\n");
    }

    /// <summary>Whether the run at <paramref name="path"/> was made with exactly <paramref name="config"/> (its config.json).</summary>
    public static bool HoldsConfig(string path, RunConfig config)
    {
        var file = System.IO.Path.Combine(path, "config.json");
        return File.Exists(file) && File.ReadAllText(file).TrimEnd() == JsonSerializer.Serialize(config, RunFiles.Json);
    }

    public static RunConfig ReadConfig(string path) => RunFiles.ReadJson<RunConfig>(System.IO.Path.Combine(path, "config.json"));

    /// <summary>Saves the chosen indices once; on a resume, checks they are the same.</summary>
    public void SaveOrVerifySubsample(int[] indices)
    {
        if (File.Exists(SubsamplePath))
        {
            var saved = RunFiles.ReadJson<int[]>(SubsamplePath);
            if (!saved.SequenceEqual(indices)) throw new InvalidOperationException($"{SubsamplePath} does not match the subset drawn for this config.");
            return;
        }
        AtomicFile.WriteAllText(SubsamplePath, JsonSerializer.Serialize(indices, RunFiles.JsonLine) + "\n");
    }

    /// <summary>The newest checkpoint whose writing completed, or null.</summary>
    public string? LatestCheckpoint() =>
        Directory.Exists(CheckpointsPath)
            ? Directory.GetDirectories(CheckpointsPath, "epoch-*").Where(d => File.Exists(System.IO.Path.Combine(d, CompleteMarker))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;

    public void SaveCheckpoint(TrainerState state, Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var dir = System.IO.Path.Combine(CheckpointsPath, $"epoch-{state.Epoch:D4}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        SaveState(model, System.IO.Path.Combine(dir, ModelFile));
        optimizer.save_state_dict(System.IO.Path.Combine(dir, "optimizer.bin"));
        using (var rng = torch.get_rng_state()) File.WriteAllBytes(System.IO.Path.Combine(dir, "rng.bin"), rng.bytes.ToArray());
        RunFiles.WriteJson(System.IO.Path.Combine(dir, "state.json"), state);
        AtomicFile.WriteAllText(System.IO.Path.Combine(dir, CompleteMarker), "");
        // Older checkpoints are only dropped once this one is complete.
        foreach (var old in Directory.GetDirectories(CheckpointsPath, "epoch-*").Where(d => string.CompareOrdinal(d, dir) < 0))
            Directory.Delete(old, recursive: true);
    }

    public TrainerState LoadCheckpoint(string dir, Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        LoadState(model, System.IO.Path.Combine(dir, ModelFile));
        optimizer.load_state_dict(System.IO.Path.Combine(dir, "optimizer.bin"));
        using (var rng = torch.tensor(File.ReadAllBytes(System.IO.Path.Combine(dir, "rng.bin")))) torch.set_rng_state(rng);
        return RunFiles.ReadJson<TrainerState>(System.IO.Path.Combine(dir, "state.json"));
    }

    /// <summary>Writes the finished model (atomically) as <see cref="ModelFile"/>.</summary>
    public void SaveModel(Module model) => SaveState(model, ModelPath);

    /// <summary>Writes <paramref name="model"/>'s parameters and buffers in TorchSharp's format, from the CPU, atomically.</summary>
    public static void SaveState(Module model, string path) =>
        AtomicFile.WriteStream(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            model.save(writer);
        });

    /// <summary>Loads what <see cref="SaveState"/> wrote into <paramref name="model"/> (names and shapes must match).</summary>
    public static void LoadState(Module model, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model state not found: {path}", path);
        using var stream = File.OpenRead(path);
        model.load(stream);
    }

    /// <summary>Epoch lines up to and including <paramref name="lastEpoch"/>; later ones (from a killed attempt) are dropped.</summary>
    public List<EpochMetrics> ReadMetrics(int lastEpoch)
    {
        if (!File.Exists(MetricsPath)) return [];
        var kept = new List<EpochMetrics>();
        foreach (var line in File.ReadLines(MetricsPath))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            EpochMetrics? m;
            try { m = JsonSerializer.Deserialize<EpochMetrics>(line, RunFiles.Json); }
            catch (JsonException) { break; } // a line cut by a kill
            if (m is null || m.Epoch > lastEpoch) break;
            kept.Add(m);
        }
        return kept;
    }

    public void WriteMetrics(IEnumerable<EpochMetrics> metrics) =>
        AtomicFile.WriteAllText(MetricsPath, string.Concat(metrics.Select(m => JsonSerializer.Serialize(m, RunFiles.JsonLine) + "\n")));
}
