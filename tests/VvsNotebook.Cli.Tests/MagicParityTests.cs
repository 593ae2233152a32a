using System.CommandLine;
using VvsNotebook.Cli.Commands;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Tests;

/// <summary>
/// The notebook magics and their CLI twins are built from the same option sets, so a flag learnt in one works in the
/// other; only the output differs (a magic binds <c>--out</c> to a variable, the CLI writes files).
/// </summary>
public sealed class MagicParityTests
{
    private static SortedSet<string> Names(Command command, params string[] except) =>
        new(command.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) && !except.Contains(n)));

    [Fact]
    public void train_magic_and_vvs_train_take_the_same_options()
    {
        // One name for one thing: both take the run directory as --run-dir; the magic's --out is the variable it binds.
        Assert.Equal(Names(TrainCommand.Create()), Names(new TrainMagic().Command, "--out", "--help"));
        Assert.DoesNotContain("--out", Names(TrainCommand.Create()));
    }

    [Fact]
    public void benchmark_magic_and_vvs_benchmark_take_the_same_options()
    {
        // Both append to a results table with --append; the magic's --out is the variable, the CLI adds --json.
        Assert.Equal(Names(BenchmarkCommand.Create(), "--json"), Names(new BenchmarkMagic().Command, "--out", "--help"));
    }

    [Fact]
    public void sweep_magic_and_vvs_sweep_take_the_same_options()
    {
        // The magic's collect options sit beside the grid (one directive); the CLI has them on `vvs sweep collect`.
        var collect = SweepCommand.Create().Subcommands.Single(c => c.Name == "collect");
        Assert.Equal(Names(SweepCommand.Create()), Names(new SweepMagic().Command, "--out", "--help", "--table", "--allow-missing"));
        Assert.Subset(Names(new SweepMagic().Command), Names(collect));
    }

    [Fact]
    public void vvs_sweep_shares_the_recipe_options_of_vvs_train()
    {
        var recipe = Names(TrainCommand.Create(), "--run-dir", "--arch", "--width", "--depth", "--samples-per-class", "--seed");
        Assert.Subset(Names(SweepCommand.Create()), recipe);
    }

    [Fact]
    public async Task a_bad_samples_per_class_in_the_train_magic_is_a_magic_error_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync("#!train --arch small_cnn --samples-per-class -3", new NoContext()));
        Assert.Contains("--samples-per-class", error.Message);
    }

    [Fact]
    public async Task a_gpu_this_build_lacks_and_fp16_on_a_cpu_are_magic_errors_before_anything_trains()
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync("#!train --arch small_cnn --device cuda", new NoContext()));
        Assert.StartsWith("#!train: --device cuda asks for a GPU, but this build uses the CPU libtorch.", error.Message);
        error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync("#!train --arch small_cnn --precision fp16", new NoContext()));
        Assert.StartsWith("#!train: --precision fp16 needs a GPU", error.Message);
    }

    [Fact]
    public void study_magic_declares_exactly_the_options_of_every_vvs_study_subcommand()
    {
        var subcommands = StudyCommand.Create().Subcommands;
        Assert.Equal(StudyCatalog.All().Select(s => s.Name), subcommands.Select(c => c.Name));
        var union = new SortedSet<string>(subcommands.SelectMany(c => Names(c, "--json")));
        Assert.Equal(union, Names(new StudyMagic().Command, "--out", "--help"));
    }

    [Theory]
    [InlineData("--rules bp,backprop", "Unknown learning rule 'backprop'")]
    [InlineData("--seeds 4-1", "--seeds: '4-1'")]
    [InlineData("--epochs 0", "--epochs must be at least 1")]
    [InlineData("--permutations 10", "--permutations must be at least 99")]
    [InlineData("--epochs five", "learning-rules: Cannot parse argument 'five' for option '--epochs'")]
    [InlineData("--no-such-option 3", "--no-such-option")]
    public async Task a_bad_study_option_is_a_magic_error_naming_it_before_anything_trains(string options, string expected)
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => MagicRegistry.CreateDefault().RunAsync($"#!study learning-rules {options}", new NoContext()));
        Assert.StartsWith("#!study: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task the_study_magic_runs_the_study_showing_live_status_and_returns_its_result()
    {
        var runs = Directory.CreateTempSubdirectory("vvs-study-magic-");
        try
        {
            var context = new RecordingContext();
            var result = await MagicRegistry.CreateDefault().RunAsync(
                $"#!study learning-rules --rules bp,untrained --seeds 0 --samples-per-class 5 --epochs 1 --width 0.25 --permutations 99 --threads 1 --runs-dir {runs.FullName}", context);
            var study = Assert.IsType<Training.Studies.LearningRuleStudyResult>(result);
            Assert.Equal(8, study.Rows.Count);
            Assert.Contains(context.Shown, s => s.Contains("bp seed 0", StringComparison.Ordinal));
            Assert.Contains(context.Shown, s => s.StartsWith("learning-rule study: 2 networks", StringComparison.Ordinal));
        }
        finally { runs.Delete(recursive: true); }
    }

    private sealed class RecordingContext : IMagicContext, IDisplayHandle
    {
        public List<string> Shown { get; } = [];
        public CancellationToken CancellationToken => CancellationToken.None;
        public IDisplayHandle Display(object value, params string[] mimeTypes) { lock (Shown) Shown.Add($"{value}"); return this; }
        public void Update(object value) { lock (Shown) Shown.Add($"{value}"); }
        public void Bind(string name, object value) => throw new InvalidOperationException("nothing should be bound");
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];
    }

    private sealed class NoContext : IMagicContext
    {
        public CancellationToken CancellationToken => CancellationToken.None;
        public IDisplayHandle Display(object value, params string[] mimeTypes) => throw new InvalidOperationException("nothing should be shown");
        public void Bind(string name, object value) => throw new InvalidOperationException("nothing should be bound");
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];
    }
}
