using System.Text.Json;

namespace VvsNotebook.Cli.Tests.Slurm;

/// <summary>
/// <c>vvs sweep --executor slurm</c>, <c>status</c>, <c>collect</c>, <c>resume</c> and the split bootstrap, against a
/// real one-node Slurm cluster (slurmctld + slurmd + munged) that the tests start; every job here is a real array job.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmSweepTests(SlurmCluster cluster) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-slurm-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>A small grid: small_cnn at width 0.25, d in {2, 4}, seeds {0, 1}; scored on two layers of the offline suite.</summary>
    private static string[] Sweep(string runs, string executor, params string[] more) =>
    [
        "sweep", "--arch", "small_cnn", "--width", "0.25", "--samples-per-class", "2,4", "--seed", "0,1", "--epochs", "1", "--batch-size", "10",
        "--threads", "1", "--validation-images", "50", "--layers", "features.3", "--images-per-class", "4", "--runs-dir", runs, "--executor", executor, .. more,
    ];

    private (int Code, string Stdout, string Stderr) Vvs(params string[] args) => VvsProcess.Run(args, cluster.Environment);

    [Fact]
    public void a_four_task_slurm_sweep_completes_and_collects_the_same_table_as_the_local_executor()
    {
        var slurm = Path.Combine(_dir.FullName, "slurm");
        var (code, stdout, stderr) = Vvs(Sweep(slurm, "slurm", "--cpus-per-task", "1"));
        Assert.True(code == 0, stderr);
        Assert.Contains("4 of 4 tasks", stdout);
        var script = File.ReadAllText(Path.Combine(slurm, "slurm", "sweep.sbatch"));
        Assert.Contains("#SBATCH --cpus-per-task=1", script);
        Assert.Contains("sweep task --runs-dir", script);
        WaitFor(slurm, 4);

        var (statusCode, status, statusErr) = Vvs("sweep", "status", "--runs-dir", slurm, "--json", "-");
        Assert.True(statusCode == 0, statusErr);
        using (var json = JsonDocument.Parse(status))
            Assert.All(json.RootElement.EnumerateArray(), t =>
            {
                Assert.Equal("scored", t.GetProperty("stage").GetString());
                Assert.Equal("COMPLETED", t.GetProperty("slurm_state").GetString());
            });
        var (collectCode, _, collectErr) = Vvs("sweep", "collect", "--runs-dir", slurm);
        Assert.True(collectCode == 0, collectErr);

        var local = Path.Combine(_dir.FullName, "local");
        var (localCode, localOut, localErr) = Vvs(Sweep(local, "local"));
        Assert.True(localCode == 0, localErr);
        Assert.Contains("4 trained, 0 skipped", localOut);
        Assert.True(Vvs("sweep", "collect", "--runs-dir", local).Code == 0);
        var table = File.ReadAllText(Path.Combine(slurm, "results.csv"));
        Assert.Equal(1 + 4 * 3, table.Trim().Split('\n').Length); // 4 runs x (V1, IT, behaviour)
        Assert.Equal(table, File.ReadAllText(Path.Combine(local, "results.csv")));

        // Resubmitting a finished sweep submits nothing.
        var (again, againOut, _) = Vvs("sweep", "resume", "--runs-dir", slurm, "--executor", "slurm");
        Assert.Equal(0, again);
        Assert.Contains("nothing to submit", againOut);
    }

    [Fact]
    public void a_task_cancelled_mid_training_resumes_when_resubmitted_to_the_result_of_an_uninterrupted_run()
    {
        string[] grid = ["--arch", "small_cnn", "--width", "0.25", "--samples-per-class", "100", "--seed", "0", "--epochs", "6", "--batch-size", "20",
            "--threads", "1", "--validation-images", "100", "--score", "none"];
        var slurm = Path.Combine(_dir.FullName, "slurm");
        var (code, stdout, stderr) = Vvs(["sweep", .. grid, "--runs-dir", slurm, "--executor", "slurm"]);
        Assert.True(code == 0, stderr);
        var job = JsonDocument.Parse(File.ReadAllText(Path.Combine(slurm, "slurm", "jobs.json"))).RootElement[0].GetProperty("job_id").GetString()!;
        var metrics = Path.Combine(slurm, "small_cnn_w0.25_fashion-mnist_d100_s0");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!(File.Exists(Path.Combine(metrics, "metrics.jsonl")) && File.ReadLines(Path.Combine(metrics, "metrics.jsonl")).Count() >= 2))
        {
            Assert.True(DateTime.UtcNow < deadline, "the task never checkpointed two epochs");
            Thread.Sleep(100);
        }
        cluster.Tool("scancel", $"{job}_0");
        WaitForState(job, "CANCELLED");
        Assert.False(File.Exists(Path.Combine(metrics, "result.json")), "the task finished before it could be cancelled");
        var (statusCode, status, _) = Vvs("sweep", "status", "--runs-dir", slurm);
        Assert.Equal(0, statusCode);
        Assert.Matches(@"training, \d epochs done\s+slurm \d+_0: CANCELLED", status);

        var (resumed, resumedOut, resumedErr) = Vvs("sweep", "resume", "--runs-dir", slurm, "--executor", "slurm");
        Assert.True(resumed == 0, resumedErr);
        Assert.Contains("1 of 1 tasks", resumedOut);
        WaitFor(slurm, 1);

        var local = Path.Combine(_dir.FullName, "local");
        Assert.True(Vvs(["sweep", .. grid, "--runs-dir", local]).Code == 0);
        var name = Path.GetFileName(metrics);
        foreach (var file in new[] { "model.bin", "result.json", "metrics.jsonl" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, name, file)), File.ReadAllBytes(Path.Combine(metrics, file)));
    }

    [Fact]
    public void a_bootstrap_split_across_array_tasks_equals_the_local_bootstrap()
    {
        var local = Path.Combine(_dir.FullName, "local.json");
        var split = Path.Combine(_dir.FullName, "split.json");
        var (code, _, stderr) = Vvs("fit", "model_resnet_neuro", "--bootstraps", "24", "--no-cache", "--json", local);
        Assert.True(code == 0, stderr);
        var parts = Path.Combine(_dir.FullName, "parts");
        (code, _, stderr) = Vvs("fit", "model_resnet_neuro", "--bootstraps", "24", "--no-cache", "--executor", "slurm", "--tasks", "3", "--runs-dir", parts, "--json", split);
        Assert.True(code == 0, stderr);
        Assert.Equal(3, Directory.GetFiles(parts, "part-*.json").Length);
        Assert.Equal(File.ReadAllText(local), File.ReadAllText(split));
    }

    [Fact]
    public void a_failed_task_is_named_the_others_are_kept_and_collect_says_which_is_missing()
    {
        var runs = Path.Combine(_dir.FullName, "runs");
        // Task 1's directory already holds a finished run of the same name but another config (2 epochs), which a
        // task must refuse to overwrite: it fails, the three others finish.
        var (pre, _, preErr) = Vvs("sweep", "--arch", "small_cnn", "--width", "0.25", "--samples-per-class", "2", "--seed", "1", "--epochs", "2",
            "--batch-size", "10", "--threads", "1", "--validation-images", "50", "--score", "none", "--runs-dir", runs);
        Assert.True(pre == 0, preErr);
        File.Delete(Path.Combine(runs, "sweep.json"));
        var (code, _, stderr) = Vvs(Sweep(runs, "slurm"));
        Assert.True(code == 0, stderr);
        WaitFor(runs, 4, allowFailures: true);

        var (_, status, _) = Vvs("sweep", "status", "--runs-dir", runs);
        Assert.Matches(@"1\s+small_cnn_w0\.25_fashion-mnist_d2_s1\s+trained, not scored\s+slurm \d+_1: FAILED", status);
        Assert.Contains("holds a finished run with a different config", File.ReadAllText(Path.Combine(runs, "slurm", "task-1.out")));

        var (collect, _, collectErr) = Vvs("sweep", "collect", "--runs-dir", runs);
        Assert.Equal(1, collect);
        Assert.Contains("missing: task 1 (small_cnn_w0.25_fashion-mnist_d2_s1)", collectErr);
        Assert.Contains("task-1.out", collectErr);
        Assert.False(File.Exists(Path.Combine(runs, "results.csv")), "a table with a task missing is written only when asked for");
        var (partial, partialOut, partialErr) = Vvs("sweep", "collect", "--runs-dir", runs, "--allow-missing");
        Assert.True(partial == 0, partialErr);
        Assert.Contains("9 rows from 3 of 4 tasks", partialOut);
    }

    [Fact]
    public void slurm_trouble_is_one_clear_line_naming_the_cause()
    {
        var runs = Path.Combine(_dir.FullName, "runs");
        var (code, _, stderr) = Vvs(Sweep(runs, "slurm", "--partition", "nosuch"));
        Assert.Equal(1, code);
        Assert.Contains("partition", stderr);
        Assert.Contains("sinfo -s", stderr);

        var deadConf = Path.Combine(_dir.FullName, "dead.conf");
        File.WriteAllText(deadConf, File.ReadAllText(cluster.Conf).Replace("SlurmctldPort=6817", "SlurmctldPort=6899"));
        (code, _, stderr) = VvsProcess.Run(Sweep(Path.Combine(_dir.FullName, "dead"), "slurm"), new Dictionary<string, string?> { ["SLURM_CONF"] = deadConf });
        Assert.Equal(1, code);
        Assert.Contains("controller is unreachable", stderr);

        (code, _, stderr) = VvsProcess.Run(Sweep(Path.Combine(_dir.FullName, "nopath"), "slurm"), new Dictionary<string, string?> { ["PATH"] = "/nonexistent" });
        Assert.Equal(1, code);
        Assert.Contains("sbatch is not on PATH", stderr);
        Assert.Contains("--executor local", stderr);

        (code, _, stderr) = Vvs(Sweep(Path.Combine(_dir.FullName, "badcpu"), "slurm", "--cpus-per-task", "0"));
        Assert.Equal(2, code);
        Assert.Contains("--cpus-per-task must be at least 1", stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "badcpu")), "bad input must not leave a sweep folder behind");
    }

    [Fact]
    public async Task the_sweep_magic_submits_to_slurm_and_shows_status_and_the_collected_table_in_a_cell()
    {
        var runs = Path.Combine(_dir.FullName, "magic");
        Environment.SetEnvironmentVariable("SLURM_CONF", cluster.Conf);
        // A test host is not vvs: the tasks run the vvs.dll built beside the tests.
        Environment.SetEnvironmentVariable("VVS_CLI", $"{Environment.ProcessPath} {Path.Combine(AppContext.BaseDirectory, "vvs.dll")}");
        try
        {
            var registry = Interactive.Magics.MagicRegistry.CreateDefault();
            var context = new Cell();
            var outcome = Assert.IsType<Training.Sweeps.SweepOutcome>(await registry.RunAsync(
                $"#!sweep --arch small_cnn --width 0.25 --samples-per-class 2 --seed 0,1 --epochs 1 --batch-size 10 --threads 1 --validation-images 50 " +
                $"--layers features.3 --images-per-class 4 --executor slurm --runs-dir {runs}", context));
            Assert.NotNull(outcome.Submission);
            Assert.Equal([0, 1], outcome.Submission!.Tasks);
            WaitFor(runs, 2);
            var report = Assert.IsType<Training.Sweeps.SweepReport>(await registry.RunAsync($"#!sweep status --runs-dir {runs}", context));
            Assert.Equal(2, report.Finished);
            Assert.All(report.Tasks, t => Assert.Equal("COMPLETED", t.SlurmState));
            var table = Assert.IsType<Training.Sweeps.SweepCollection>(await registry.RunAsync($"#!sweep collect --runs-dir {runs}", context));
            Assert.Equal(6, table.Rows.Count);
            Assert.True(File.Exists(Path.Combine(runs, "results.csv")));
            var error = await Assert.ThrowsAsync<Interactive.Magics.MagicException>(() => registry.RunAsync($"#!sweep --runs-dir {runs}", context));
            Assert.Contains("--arch", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VVS_CLI", null);
        }
    }

    private sealed class Cell : Interactive.Magics.IMagicContext, Interactive.Magics.IDisplayHandle
    {
        public CancellationToken CancellationToken => CancellationToken.None;
        public Interactive.Magics.IDisplayHandle Display(object value, params string[] mimeTypes) => this;
        public void Update(object value) { }
        public void Bind(string name, object value) { }
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];
    }

    private void WaitFor(string runs, int tasks, bool allowFailures = false)
    {
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (true)
        {
            var status = Vvs("sweep", "status", "--runs-dir", runs, "--json", "-");
            using var json = JsonDocument.Parse(status.Stdout);
            var states = json.RootElement.EnumerateArray().Select(t => (Stage: t.GetProperty("stage").GetString(), Slurm: t.GetProperty("slurm_state").GetString())).ToList();
            if (!allowFailures) Assert.DoesNotContain(states, s => s.Slurm is "FAILED" or "CANCELLED" or "TIMEOUT");
            if (states.Count(s => s.Slurm is "COMPLETED" or "FAILED") >= tasks && states.All(s => s.Slurm is not ("PENDING" or "RUNNING"))) return;
            Assert.True(DateTime.UtcNow < deadline, $"the sweep did not finish: {status.Stdout}");
            Thread.Sleep(500);
        }
    }

    private void WaitForState(string job, string state)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!cluster.Tool("scontrol", "show", "job", "-o", job).Contains($"JobState={state}", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {job} never reached {state}");
            Thread.Sleep(200);
        }
    }
}
