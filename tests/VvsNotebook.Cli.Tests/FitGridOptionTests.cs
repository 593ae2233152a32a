using System.CommandLine;
using System.Text.Json.Nodes;
using VvsNotebook.Cli.Commands;
using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Tests;
using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Tests;

/// <summary>
/// <c>--grid</c> of <c>#!fit</c> and <c>vvs fit</c>: one text, one meaning (the named axes replace the experiment's),
/// checked against a refit through the library's own <see cref="InitialGrid.With(string)"/>.
/// </summary>
public sealed class FitGridOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vvs-fitgrid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SortedSet<string> Names(Command command, params string[] except) =>
        new(command.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) && !except.Contains(n)));

    /// <summary>The library's fit of model_resnet_neuro from the paper grid with <paramref name="overrides"/>.</summary>
    private static ScalingLawFit Reference(string overrides)
    {
        var e = ExperimentCatalog.Paper.Get("model_resnet_neuro");
        var table = ScoreTable.Read(TestData.PaperFile("benchmark_scores.csv"));
        return ScalingLawFitter.For(e).WithGrid(InitialGrid.Paper(e.Fit.Form).With(overrides)).Fit(e.Prepare(table));
    }

    [Fact]
    public void fit_magic_and_vvs_fit_take_the_same_options()
    {
        // Only where results go differs: the magic binds --out; the CLI writes --json/--plot files, manages the cache,
        // lists the experiments and can send the bootstraps to Slurm. The shared options are one definition, FitRunOptions.
        string[] cliOnly = ["--json", "--plot", "--plot-self-contained", "--clear-cache", "--list", "--executor", "--tasks", "--runs-dir", "--bootstrap-part",
            "--partition", "--time", "--mem", "--cpus-per-task", "--gres", "--max-concurrent", "--sbatch-arg"];
        Assert.Equal(Names(FitCommand.Create(), cliOnly), Names(new FitMagic().Command, "--out", "--help"));
        Assert.Contains("--grid", Names(new FitMagic().Command));
    }

    [Fact]
    public void the_grid_option_is_explained_in_the_help_of_both()
    {
        Assert.Contains("--grid", new FitMagic().HelpText());
        Assert.Contains("alpha=0.1,0.2 e=0", new FitMagic().HelpText());
        var (code, stdout, _) = VvsProcess.Run(["fit", "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("--grid", stdout);
        Assert.Contains("start:stop:step", stdout);
    }

    [Fact]
    public async Task fit_magic_with_a_grid_fits_from_the_experiments_grid_with_the_named_axes_replaced()
    {
        var context = new RecordingContext();
        var fit = (ScalingLawFit)(await MagicRegistry.CreateDefault().RunAsync(
            $"#!fit model_resnet_neuro --grid \"alpha=1 e=0\" --no-cache --data-dir \"{TestData.DataDirectory}\" --out coarse", context))!;
        Assert.Equal("e=0 a=0:25:5 alpha=1", fit.Grid!.ToString());
        Assert.Equal(6, fit.Starts);
        var reference = Reference("alpha=1 e=0");
        Assert.Equal(reference.ParametersLse, fit.ParametersLse);
        Assert.Equal(reference.Loss, fit.Loss);
        Assert.Same(fit, context.Bound["coarse"]);
        Assert.Contains(context.Shown, s => s.Contains("grid e=0 a=0:25:5 alpha=1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--grid beta=1", "no parameter 'beta'", "e, a, alpha")]
    [InlineData("--grid alpha=0:1:0", "--grid", "step of 0")]
    [InlineData("--grid \"alpha=0.1 alpha=0.2\"", "--grid", "twice")]
    public async Task a_bad_grid_in_the_fit_magic_is_a_magic_error_naming_the_problem(string option, string first, string second)
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync(
            $"#!fit model_resnet_neuro {option} --no-cache --data-dir \"{TestData.DataDirectory}\"", new RecordingContext()));
        Assert.Contains(first, error.Message);
        Assert.Contains(second, error.Message);
    }

    [Fact]
    public void vvs_fit_with_a_grid_fits_and_reports_the_grid_like_the_magic()
    {
        var json = Path.Combine(_dir, "fit.json");
        var (code, stdout, stderr) = VvsProcess.Run(["fit", "model_resnet_neuro", "--grid", "alpha=1 e=0", "--no-cache",
            "--data-dir", TestData.DataDirectory, "--json", json]);
        Assert.True(code == 0, stderr);
        Assert.Contains("/6 starts at best", stdout);
        Assert.Contains("grid e=0 a=0:25:5 alpha=1", stdout);
        var reference = Reference("alpha=1 e=0");
        var written = JsonNode.Parse(File.ReadAllText(json))!.AsArray().Single()!;
        Assert.Equal(reference.ParametersLse, written["params_lse"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(reference.Loss, (double)written["loss"]!);
    }

    [Theory]
    [InlineData("model_resnet_neuro", "beta=1", "--grid for model_resnet_neuro (power_law): This grid has no parameter 'beta'")]
    [InlineData("all", "lambda=0", "no parameter 'lambda'")]
    [InlineData("model_resnet_neuro", "alpha=", "not name=values")]
    public void a_bad_grid_in_vvs_fit_fails_with_the_reason_before_fitting(string target, string grid, string reason)
    {
        var (code, stdout, stderr) = VvsProcess.Run(["fit", target, "--grid", grid, "--no-cache", "--data-dir", TestData.DataDirectory]);
        Assert.Contains(reason, stderr);
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("starts at best", stdout);
    }

    private sealed class RecordingContext : IMagicContext
    {
        public List<string> Shown { get; } = [];
        public Dictionary<string, object> Bound { get; } = [];
        public CancellationToken CancellationToken => CancellationToken.None;

        public IDisplayHandle Display(object value, params string[] mimeTypes)
        {
            Shown.Add(value.ToString() ?? "");
            return new Handle(Shown);
        }

        public void Bind(string name, object value) => Bound[name] = value;
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];

        private sealed class Handle(List<string> shown) : IDisplayHandle
        {
            public void Update(object value) => shown.Add(value.ToString() ?? "");
        }
    }
}
