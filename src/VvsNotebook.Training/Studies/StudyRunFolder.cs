using TorchSharp;
using VvsNotebook.Files;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// One network's folder in a study: <c>config.json</c> (what decides the result), <c>model.bin</c> and the run record
/// <c>run.json</c>, written last so that its presence marks a finished run. A finished run of the same config is read
/// back instead of retrained; a folder holding another config is an error, never silently reused or overwritten.
/// </summary>
internal static class StudyRunFolder
{
    private const string ConfigFile = "config.json", RunFile = "run.json", ModelFile = "model.bin";

    /// <summary>
    /// Loads <paramref name="model"/>'s weights and the run record from <paramref name="directory"/> when it holds a
    /// finished run of <paramref name="config"/> (Fresh: false); otherwise writes the config, runs <paramref name="train"/>
    /// on the model, saves it and then the record (Fresh: true), holding the folder's lock meanwhile (<see cref="Loop.RunDirectory.LockFolder"/>).
    /// </summary>
    public static (TRun Run, bool Fresh) TrainOrLoad<TRun>(string directory, string config, torch.nn.Module model, Func<TRun> train)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        var existing = File.Exists(configPath) ? File.ReadAllText(configPath).TrimEnd() : null;
        if (File.Exists(Path.Combine(directory, RunFile)) && existing == config)
        {
            Loop.RunDirectory.LoadState(model, Path.Combine(directory, ModelFile));
            return (RunFiles.ReadJson<TRun>(Path.Combine(directory, RunFile)), false);
        }
        if (existing is not null && existing != config)
            throw new InvalidOperationException($"{directory} holds a run with another config; use another --runs-dir or delete that folder.");
        // Locked while it trains, so two studies sharing a --runs-dir never both train one network (a second is refused).
        using var held = Loop.RunDirectory.LockFolder(directory);
        if (File.Exists(Path.Combine(directory, RunFile)) && File.ReadAllText(configPath).TrimEnd() == config)
        {
            // Finished by another process between the check above and the lock: read back.
            Loop.RunDirectory.LoadState(model, Path.Combine(directory, ModelFile));
            return (RunFiles.ReadJson<TRun>(Path.Combine(directory, RunFile)), false);
        }
        AtomicFile.WriteAllText(configPath, config + "\n");
        var run = train();
        Loop.RunDirectory.SaveState(model, Path.Combine(directory, ModelFile));
        RunFiles.WriteJson(Path.Combine(directory, RunFile), run);
        return (run, true);
    }
}
