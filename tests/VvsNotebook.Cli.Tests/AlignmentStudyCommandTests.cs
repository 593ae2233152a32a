using System.Text.Json;
using VvsNotebook.Interactive.Magics;

namespace VvsNotebook.Cli.Tests;

public sealed class AlignmentStudyCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-align-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void vvs_study_alignment_writes_the_results_table_as_json_with_progress_on_stderr_and_reuses_finished_networks()
    {
        string[] args = ["study", "alignment", "--targets", "gabor@conv1", "--alphas=-2,0,2", "--seeds", "0", "--samples-per-class", "4", "--validation-per-class", "3",
            "--epochs", "1", "--batch-size", "20", "--width", "0.25", "--threads", "1", "--runs-dir", Path.Combine(_dir.FullName, "runs"), "--json", "-"];
        var (code, stdout, stderr) = VvsProcess.Run(args);
        Assert.True(code == 0, stderr);
        Assert.Contains("[1/3] gabor@conv1: preparing the reference", stderr);
        Assert.Contains("3 networks trained, 0 read back", stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal(3, rows.GetArrayLength());
        foreach (var row in rows.EnumerateArray())
        {
            Assert.Equal("gabor", row.GetProperty("reference").GetString());
            Assert.Equal("conv1", row.GetProperty("layer").GetString());
            foreach (var key in new[] { "accuracy", "validation_alignment", "validation_cka", "degradation", "training_alignment" })
                Assert.True(double.IsFinite(row.GetProperty(key).GetDouble()), key);
        }
        Assert.Equal(0, rows.EnumerateArray().Single(r => r.GetProperty("alpha").GetDouble() == 0).GetProperty("degradation").GetDouble());

        var (again, stdout2, stderr2) = VvsProcess.Run(args);
        Assert.True(again == 0, stderr2);
        Assert.Contains("0 networks trained, 3 read back", stderr2);
        using var json2 = JsonDocument.Parse(stdout2);
        Assert.Equal(rows.GetRawText(), json2.RootElement.GetProperty("rows").GetRawText());
    }

    [Theory]
    [InlineData("--alphas", "1,2", "must include 0")]
    [InlineData("--alphas", "0,x", "--alphas: 'x' is not a number")]
    [InlineData("--targets", "gabor", "REFERENCE@LAYER")]
    [InlineData("--alignment", "rsa", "Unknown alignment 'rsa'")]
    [InlineData("--arch", "vgg", "Unknown --arch 'vgg'")]
    [InlineData("--brain", "allen", "--brain must be simulated or nsd")]
    [InlineData("--json", "/nonexistent-folder/study.json", "/nonexistent-folder")]
    public void vvs_study_alignment_refuses_bad_input_with_exit_2_naming_it(string option, string value, string expected)
    {
        var (code, _, stderr) = VvsProcess.Run(["study", "alignment", option, value, "--runs-dir", Path.Combine(_dir.FullName, "runs")]);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "runs")));
    }

    [Fact]
    public async Task the_study_magic_runs_the_alignment_study_and_returns_its_result()
    {
        var shown = new List<string>();
        var result = await MagicRegistry.CreateDefault().RunAsync(
            $"#!study alignment --targets gabor@conv1 --alphas 0,1 --seeds 0 --samples-per-class 4 --validation-per-class 3 --epochs 1 --batch-size 20 --width 0.25 --threads 1 --runs-dir {Path.Combine(_dir.FullName, "magic")}",
            new Context(shown));
        var study = Assert.IsType<Training.Studies.AlignmentStudyResult>(result);
        Assert.Equal(2, study.Rows.Count);
        Assert.Contains(shown, s => s.StartsWith("alignment study: 2 networks trained", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--alphas 1,2", "must include 0")]
    [InlineData("--rules bp", "--rules is not an option of the alignment study; it belongs to learning-rules")]
    [InlineData("--epochs five", "alignment: Cannot parse argument 'five' for option '--epochs'")]
    public async Task a_bad_alignment_option_is_a_magic_error_naming_it(string options, string expected)
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync($"#!study alignment {options}", new Context([])));
        Assert.Contains(expected, error.Message);
    }

    private sealed class Context(List<string> shown) : IMagicContext, IDisplayHandle
    {
        public CancellationToken CancellationToken => CancellationToken.None;
        public IDisplayHandle Display(object value, params string[] mimeTypes) { lock (shown) shown.Add($"{value}"); return this; }
        public void Update(object value) { lock (shown) shown.Add($"{value}"); }
        public void Bind(string name, object value) => throw new InvalidOperationException("nothing should be bound");
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];
    }
}
