using System.Text.Json;

namespace VvsNotebook.Cli.Tests;

public sealed class StudyCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-study-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void vvs_study_learning_rules_writes_the_tidy_table_as_json_and_reuses_finished_networks()
    {
        string[] args = ["study", "learning-rules", "--rules", "bp,untrained", "--seeds", "0", "--samples-per-class", "5", "--epochs", "1",
            "--width", "0.25", "--permutations", "99", "--threads", "1", "--runs-dir", Path.Combine(_dir.FullName, "runs"), "--json", "-"];
        var (code, stdout, stderr) = VvsProcess.Run(args);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal(2 * 4, rows.GetArrayLength()); // 2 rules x 1 seed x 4 ROIs
        foreach (var row in rows.EnumerateArray())
        {
            Assert.InRange(row.GetProperty("p").GetDouble(), 0.01, 1);
            Assert.True(row.GetProperty("q").GetDouble() >= row.GetProperty("p").GetDouble() - 1e-12);
            Assert.Contains(row.GetProperty("roi").GetString(), new[] { "V1", "V2", "LOC", "IT" });
        }
        Assert.Equal(4, json.RootElement.GetProperty("pairwise").GetArrayLength());
        var model = Directory.GetFiles(Path.Combine(_dir.FullName, "runs"), "model.bin", SearchOption.AllDirectories);
        Assert.Equal(2, model.Length);
        var written = model.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var (again, stdout2, stderr2) = VvsProcess.Run(args);
        Assert.True(again == 0, stderr2);
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key))); // read back, not retrained
        using var json2 = JsonDocument.Parse(stdout2);
        Assert.Equal(rows.GetRawText(), json2.RootElement.GetProperty("rows").GetRawText());
    }

    [Theory]
    [InlineData("--rules", "bp,hebb", "Unknown learning rule 'hebb'")]
    [InlineData("--brain", "allen", "allen")]
    [InlineData("--json", "/nonexistent-folder/study.json", "/nonexistent-folder")]
    public void vvs_study_learning_rules_refuses_bad_input_with_exit_2_naming_it(string option, string value, string expected)
    {
        var (code, _, stderr) = VvsProcess.Run(["study", "learning-rules", option, value, "--runs-dir", Path.Combine(_dir.FullName, "runs")]);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "runs")));
    }
}
