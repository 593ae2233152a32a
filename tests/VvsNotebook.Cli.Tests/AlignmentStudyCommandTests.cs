using System.Text.Json;

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
        Assert.Contains("3 networks trained", stderr);
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
}
