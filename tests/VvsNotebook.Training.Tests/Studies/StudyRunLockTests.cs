using VvsNotebook.Brain;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Training.Tests.Studies;

/// <summary>
/// Issue 14: a study's network folder is locked like a run directory, so two studies sharing a --runs-dir never both
/// train one network; and the lock's refusal is only for a lock held elsewhere.
/// </summary>
public sealed class StudyRunLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-study-lock-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void a_network_folder_another_training_holds_is_refused_and_trained_once_it_is_released()
    {
        var options = new LearningRuleStudyOptions
        {
            Rules = ["bp", "untrained"], Seeds = [0], SamplesPerClass = 2, Epochs = 1, Width = 0.25, Permutations = 99, ValidationPerClass = 2, Threads = 1,
        };
        var study = new LearningRuleStudy(options, Path.Combine(_dir.FullName, "runs"));
        var brain = SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 2 });
        var (train, test) = (FashionMnist.Load(train: true), FashionMnist.Load(train: false));
        var folder = study.RunDirectory("bp", 0);
        using (RunDirectory.LockFolder(folder))
        {
            var e = Assert.Throws<RunLockedException>(() => study.Run(brain, train, test, null));
            Assert.Contains($"{Path.GetFullPath(folder)} is being trained by process {Environment.ProcessId}", e.Message);
            Assert.False(File.Exists(Path.Combine(folder, "run.json")));
            // A second lock in this process is refused too (an flock belongs to the open, not the process).
            Assert.Throws<RunLockedException>(() => RunDirectory.LockFolder(folder).Dispose());
        }
        Assert.Equal(["bp", "untrained"], study.Run(brain, train, test, null).Rows.Select(r => r.Rule).Distinct());
        Assert.True(File.Exists(Path.Combine(folder, "run.json")));
    }
}
