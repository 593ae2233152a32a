using System.Text.Json;
using VvsNotebook.Interactive.Magics;

namespace VvsNotebook.Cli.Tests;

/// <summary><c>vvs study encoding</c> and <c>#!study encoding</c> at a tiny scale, and their refusals of bad input.</summary>
public sealed class EncodingStudyCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-encoding-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Runs => Path.Combine(_dir.FullName, "runs");

    private string[] Tiny => ["--samples-per-class", "5", "--hidden-dims", "16", "--depths", "1", "--heads", "2", "--precision", "fp32,bf16",
        "--epochs", "1", "--batch-size", "16", "--validation-images", "100", "--folds", "3", "--threads", "1", "--brain-images-per-class", "4", "--runs-dir", Runs];

    /// <summary><see cref="Tiny"/> with <paramref name="option"/> set to <paramref name="value"/> (replaced when present: an option given twice is a parse error).</summary>
    private string[] With(string option, string value)
    {
        var args = Tiny.ToList();
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        return [.. args];
    }

    [Fact]
    public void vvs_study_encoding_writes_every_row_as_json_reports_on_stderr_and_reuses_finished_runs()
    {
        string[] args = ["study", "encoding", .. Tiny, "--json", "-"];
        var (code, stdout, stderr) = VvsProcess.Run(args);
        Assert.True(code == 0, stderr);
        Assert.Contains("[1/2] d=5/class dim 16 depth 1 heads 2 fp32 seed 0: encode", stderr);
        Assert.Contains("encoding study: 2 networks trained, 0 read back", stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        foreach (var row in rows.EnumerateArray())
        {
            Assert.Equal(50, row.GetProperty("images").GetInt32());
            Assert.Equal(16, row.GetProperty("hidden_dim").GetInt32());
            Assert.True(row.GetProperty("parameters").GetInt64() > 0 && row.GetProperty("macs_per_image").GetInt64() > 0);
            Assert.True(row.GetProperty("seconds_per_step").GetDouble() > 0);
            Assert.Equal(["V1", "V2", "LOC", "IT"], row.GetProperty("encoding").EnumerateArray().Select(e => e.GetProperty("roi").GetString()));
        }
        var pair = Assert.Single(json.RootElement.GetProperty("precision_comparisons").EnumerateArray());
        Assert.Equal("bf16", pair.GetProperty("precision").GetString());
        Assert.True(pair.GetProperty("step_time_ratio").GetDouble() > 0);

        var (again, stdout2, stderr2) = VvsProcess.Run(args);
        Assert.True(again == 0, stderr2);
        Assert.Contains("0 networks trained, 2 read back", stderr2);
        using var json2 = JsonDocument.Parse(stdout2);
        Assert.Equal(rows.GetRawText(), json2.RootElement.GetProperty("rows").GetRawText());
    }

    [Theory]
    [InlineData("--hidden-dims", "15", "--hidden-dims 15 is not a multiple of --heads 2")]
    [InlineData("--precision", "fp16", "--precision fp16 needs a GPU")]
    [InlineData("--precision", "fp8", "unknown precision 'fp8'")]
    [InlineData("--layer", "head", "--layer 'head'")]
    [InlineData("--seeds", "2-x", "--seeds: '2-x'")]
    [InlineData("--brain", "shinobi", "shinobi")]
    [InlineData("--json", "/nonexistent-folder/study.json", "/nonexistent-folder")]
    public void vvs_study_encoding_refuses_bad_input_with_exit_2_naming_it(string option, string value, string expected)
    {
        var (code, _, stderr) = VvsProcess.Run(["study", "encoding", .. With(option, value)]);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.False(Directory.Exists(Runs));
    }

    [Theory]
    [InlineData("--depths 0", "--depths: every depth must be at least 1")]
    [InlineData("--rules bp", "--rules is not an option of the encoding study; it belongs to learning-rules")]
    [InlineData("--epochs five", "encoding: Cannot parse argument 'five' for option '--epochs'")]
    public async Task a_bad_encoding_option_is_a_magic_error_naming_it(string options, string expected)
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync($"#!study encoding {options}", new Context()));
        Assert.StartsWith("#!study: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public async Task the_study_magic_runs_the_encoding_study_and_returns_its_result()
    {
        var context = new Context();
        var result = await MagicRegistry.CreateDefault().RunAsync($"#!study encoding {string.Join(" ", With("--precision", "fp32"))}", context);
        var study = Assert.IsType<Training.Studies.EncodingStudyResult>(result);
        Assert.Single(study.Rows);
        Assert.Contains(context.Shown, s => s.StartsWith("encoding study: 1 networks trained, 0 read back", StringComparison.Ordinal));
    }

    private sealed class Context : IMagicContext, IDisplayHandle
    {
        public List<string> Shown { get; } = [];
        public CancellationToken CancellationToken => CancellationToken.None;
        public IDisplayHandle Display(object value, params string[] mimeTypes) { lock (Shown) Shown.Add($"{value}"); return this; }
        public void Update(object value) { lock (Shown) Shown.Add($"{value}"); }
        public void Bind(string name, object value) => throw new InvalidOperationException("nothing should be bound");
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];
    }
}
