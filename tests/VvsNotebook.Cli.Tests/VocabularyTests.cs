using System.CommandLine;
using VvsNotebook.Cli.Commands;
using VvsNotebook.Interactive.Magics;
using Xunit;

namespace VvsNotebook.Cli.Tests;

/// <summary>One vocabulary across the CLI and the magics: an option name means one thing everywhere.</summary>
public sealed class VocabularyTests
{
    private static IEnumerable<Command> Cli() => new[]
    {
        DataCommand.Create(), FitCommand.Create(), TrainCommand.Create(), SweepCommand.Create(), ExportCommand.Create(),
        MetricCommand.Create(), BenchmarkCommand.Create(), KernelCommand.Create(), TorchCommand.Create(), StudyCommand.Create(),
        BenchFitCommand.Create(),
    }.SelectMany(Descendants);

    private static IEnumerable<Command> Descendants(Command c) => c.Subcommands.SelectMany(Descendants).Prepend(c);

    private static IEnumerable<(string Where, Option Option)> Options(IEnumerable<Command> commands) =>
        commands.SelectMany(c => c.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help").Select(o => (c.Name, o)));

    [Fact]
    public void no_cli_command_uses_out_which_in_a_magic_names_the_variable_it_binds()
    {
        Assert.Empty(Options(Cli()).Where(x => x.Option.Name == "--out").Select(x => x.Where));
        Assert.All(MagicRegistry.CreateDefault().Commands.Where(m => m.Out is not null), m => Assert.Equal("--out", m.Out!.Name));
    }

    private static IEnumerable<(string Where, Option Option)> Everywhere() =>
        Options(Cli()).Concat(Options(MagicRegistry.CreateDefault().Commands.Select(m => m.Command)));

    [Fact]
    public void resample_counts_are_spelled_bootstraps_and_the_fdr_level_is_fdr_not_a_ridge_alpha()
    {
        var names = Options(Cli()).Select(x => x.Option.Name).ToHashSet();
        Assert.DoesNotContain("--bootstrap", names);
        Assert.Contains("--bootstraps", names);
        Assert.DoesNotContain("--fdr-alpha", names);
        foreach (var command in new[] { "fdr", "learning-rules" })
        {
            var own = Options(Cli()).Where(x => x.Where == command).Select(x => x.Option.Name).ToList();
            Assert.Contains("--fdr", own);
            Assert.DoesNotContain("--alpha", own);
        }
    }

    [Fact]
    public void every_seed_is_a_whole_number_zero_or_more_and_grid_is_only_the_fit_initialisation_grid()
    {
        // #!study declares every study's options as text and reparses them with the study's own; a sweep's axes are lists.
        var typed = Everywhere().Where(x => x.Where is not "#!study" and not "sweep" and not "#!sweep").ToList();
        var seeds = typed.Where(x => x.Option.Name == "--seed").ToList();
        Assert.NotEmpty(seeds);
        Assert.All(seeds, x => Assert.Equal(typeof(int), Nullable.GetUnderlyingType(x.Option.ValueType) ?? x.Option.ValueType));
        Assert.Equal(["#!fit", "fit"], Everywhere().Where(x => x.Option.Name == "--grid").Select(x => x.Where).Distinct().Order());
    }

    [Theory]
    [InlineData("fit", "compute_neuro", "--seed", "-1")]
    [InlineData("metric", "rsa", "--seed", "-1")]
    [InlineData("train", "--arch", "--seed", "-1")]
    public void a_negative_seed_is_refused_at_parse_time_with_exit_2(string command, string first, string option, string value)
    {
        string[] args = command == "train" ? [command, first, "small_cnn", option, value] :
            command == "metric" ? [command, first, "--a", "a.npy", "--b", "b.npy", option, value] : [command, first, option, value];
        var (code, _, stderr) = VvsProcess.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("--seed must be at least 0 (got -1)", stderr);
    }

    [Fact]
    public void width_help_and_width_rule_are_the_zoo_range_one_sixty_fourth_to_sixteen()
    {
        var train = TrainCommand.Create();
        var width = train.Options.Single(o => o.Name == "--width");
        Assert.Contains("1/64", width.Description);
        Assert.Contains("to 16", width.Description);
        Assert.Empty(train.Parse(["--arch", "small_cnn", "--width", "0.015625"]).Errors);
        Assert.Empty(train.Parse(["--arch", "small_cnn", "--width", "16"]).Errors);
        Assert.Equal(1.0 / 64, VvsNotebook.Training.Models.ModelSpec.MinWidth);
        foreach (var bad in new[] { "0.01", "17", "0" })
        {
            var (code, _, stderr) = VvsProcess.Run(["train", "--arch", "small_cnn", "--width", bad]);
            Assert.Equal(2, code);
            Assert.Contains($"--width must be between 0.015625 and 16 (got {bad})", stderr);
        }
    }
}
