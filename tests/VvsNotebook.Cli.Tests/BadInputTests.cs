using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Tests;

namespace VvsNotebook.Cli.Tests;

/// <summary>
/// The bad-input catalogue: each input once accepted silently, or answered with a stack trace, a help page or a .NET
/// type name, is now refused before any work, with exit code 2 and one line naming the option and the fix.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-bad-input-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static void AssertRefused((int Code, string Stdout, string Stderr) run, string expected)
    {
        Assert.True(run.Code == 2, $"exit {run.Code}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr); // no stack trace
        Assert.DoesNotContain("System.", run.Stderr); // no .NET type name
        Assert.DoesNotContain("Usage:", run.Stdout + run.Stderr); // no help page
    }

    [Fact]
    public void samples_per_class_zero_is_refused_instead_of_training_on_every_image()
    {
        AssertRefused(VvsProcess.Run(["train", "--arch", "small_cnn", "--samples-per-class", "0", "--run-dir", Path.Combine(_dir.FullName, "run")]),
            "--samples-per-class must be a positive integer or 'all' (got '0')");
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "run")));
    }

    [Theory]
    [InlineData("--permutations", "-1", "--permutations must be at least 0 (got -1)")]
    [InlineData("--bootstraps", "-3", "--bootstraps must be 0 (none) or more (got -3)")]
    [InlineData("--bootstraps", "1", "--bootstraps 1 gives no interval")]
    [InlineData("--permutations", "abc", "Cannot parse argument 'abc' for option '--permutations' as a whole number")]
    public void rsa_refuses_counts_it_used_to_ignore(string option, string value, string expected)
    {
        var rdm = Path.Combine(_dir.FullName, "rdm.npy");
        AssertRefused(VvsProcess.Run(["metric", "rsa", "--a", rdm, "--b", rdm, "--rdm", option, value]), expected);
    }

    [Fact]
    public void an_unwritable_output_is_named_before_the_metric_runs()
    {
        var responses = Path.Combine(_dir.FullName, "r.npy");
        Assemblies.NpyFile.Write(responses, MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Random(6, 4, 1));
        var run = VvsProcess.Run(["metric", "rdm", "--responses", responses, "--npy", "/proc/rdm.npy"]);
        AssertRefused(run, "--npy /proc/rdm.npy cannot be written");
        Assert.DoesNotContain(".tmp-", run.Stderr);
        AssertRefused(VvsProcess.Run(["metric", "rdm", "--responses", responses, "--npy", Path.Combine(_dir.FullName, "no", "such", "rdm.npy")]), "does not exist");
    }

    [Fact]
    public void fit_refuses_one_bootstrap_and_an_unwritable_json_before_fitting()
    {
        AssertRefused(VvsProcess.Run(["fit", "model_resnet_neuro", "--bootstraps", "1"]), "--bootstraps 1 gives no interval");
        AssertRefused(VvsProcess.Run(["fit", "all", "--json", "/proc/fits.json", "--data-dir", TestData.DataDirectory]), "--json /proc/fits.json cannot be written");
        AssertRefused(VvsProcess.Run(["fit", "model_resnet_neuro", "--threads", "0"]), "--threads must be at least 1");
    }

    [Fact]
    public void the_offline_suite_refuses_zero_images_per_class()
    {
        AssertRefused(VvsProcess.Run(["benchmark", "--model", "pixels", "--images-per-class", "0"]), "--images-per-class must be at least 1 (got 0)");
    }

    [Fact]
    public void a_mistyped_command_is_bad_input_with_the_reason_not_a_help_page()
    {
        var run = VvsProcess.Run(["fitt", "all"]);
        AssertRefused(run, "Unrecognized command or argument 'fitt'");
        Assert.Contains("(see: vvs -h)", run.Stderr);
    }

    [Fact]
    public void a_law_is_not_fitted_to_as_few_points_as_it_has_parameters()
    {
        var data = FitData.Create(["total_flops"], [1.0], [[1.0, 10.0, 100.0]], [0.5, 0.4, 0.3]);
        var error = Assert.Throws<ArgumentException>(() => new ScalingLawFitter { Form = Fitting.Laws.LawForm.PowerLaw, Name = "tiny" }.Fit(data));
        Assert.Contains("needs more than 3 points; the data has 3", error.Message);
    }

    [Fact]
    public void vvs_fit_list_names_every_experiment_in_the_papers_figure_order()
    {
        var (code, stdout, stderr) = VvsProcess.Run(["fit", "--list"]);
        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n');
        Assert.Equal(43, lines.Length);
        Assert.StartsWith("compute_", lines[0]);
        var order = lines.Select(l => ExperimentCatalog.FigureKey(ExperimentCatalog.Paper.Find(l.Split(' ')[0])!.Figure)).ToList();
        Assert.Equal(order.Order().ToList(), order);
        Assert.Contains(lines, l => l.StartsWith("model_resnet_neuro") && l.Contains("Fig 2a"));
    }

    [Theory]
    [InlineData("#!fit model_resnet_neuro --bootstraps abc", "Cannot parse argument 'abc' for option '--bootstraps' as a whole number")]
    [InlineData("#!fit model_resnet_neuro --bootstraps 1", "--bootstraps 1 gives no interval")]
    [InlineData("#!fit all --threads 0", "--threads must be at least 1")]
    [InlineData("#!train --arch small_cnn --samples-per-class 0", "--samples-per-class must be a positive integer or 'all'")]
    [InlineData("#!benchmark --model small_cnn", "Argument 'small_cnn' not recognized. Must be one of:")]
    public async Task magics_refuse_the_same_input_in_the_same_words(string line, string expected)
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync(line, new NoCell()));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("System.", error.Message);
    }

    private sealed class NoCell : IMagicContext
    {
        public CancellationToken CancellationToken => CancellationToken.None;
        public IDisplayHandle Display(object value, params string[] mimeTypes) => throw new InvalidOperationException("nothing should be shown");
        public void Bind(string name, object value) => throw new InvalidOperationException("nothing should be bound");
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];
    }
}
