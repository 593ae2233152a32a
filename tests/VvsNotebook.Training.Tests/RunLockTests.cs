using System.Diagnostics;
using VvsNotebook.Cli.Tests;
using Xunit;

namespace VvsNotebook.Training.Tests;

/// <summary>One trainer per run directory: a second <c>vvs train</c> into a directory being trained is refused at once.</summary>
public sealed class RunLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-lock-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void a_second_train_into_a_run_being_trained_is_refused_naming_the_holder_and_a_killed_holder_does_not_block_the_resume()
    {
        var run = Path.Combine(_dir.FullName, "run");
        string[] args = ["train", "--arch", "small_cnn", "--samples-per-class", "20", "--seed", "1", "--epochs", "30", "--batch-size", "40",
            "--threads", "1", "--validation-images", "100", "--run-dir", run];
        using (var first = VvsProcess.Start(args))
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(run, "metrics.jsonl")) && !first.HasExited && clock.Elapsed < TimeSpan.FromSeconds(90)) Thread.Sleep(20);
            Assert.False(first.HasExited, "the first run ended before the second started");

            var (code, _, stderr) = VvsProcess.Run(args);
            Assert.Equal(1, code);
            Assert.Contains($"{run} is being trained by process {first.Id} on {Environment.MachineName}", stderr);
            Assert.False(first.HasExited, "the refusal must not disturb the run that holds the lock");
            first.Kill(); // SIGKILL: the kernel drops the lock with the process
            first.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(run, "result.json")));
        var resumed = VvsProcess.Run(args);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.True(File.Exists(Path.Combine(run, "result.json")));
    }
}
