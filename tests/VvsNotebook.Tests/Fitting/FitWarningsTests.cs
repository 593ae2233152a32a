using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using Xunit;

namespace VvsNotebook.Tests.Fitting;

/// <summary>Degenerate fits of the paper's own experiments carry warnings; well-behaved ones carry none.</summary>
public sealed class FitWarningsTests
{
    [Fact]
    public void the_v1_group2_fit_whose_amplitude_runs_to_1e172_warns_of_runaway_coefficients_and_a_single_start_at_best()
    {
        var fit = PaperFixture.Fit("region_v1_group2");
        Assert.True(fit.A > 1e170 && fit.StartsAtBest == 1, $"the fixture changed: A = {fit.A}, {fit.StartsAtBest} starts at best");
        Assert.Contains(fit.Warnings, w => w.StartsWith("coefficients ran off (A = 6.17E+172, alpha = 27.5)", StringComparison.Ordinal));
        Assert.Contains(fit.Warnings, w => w.StartsWith("only 1 of 750 starts reached the best loss", StringComparison.Ordinal));
        Assert.Contains("coefficients ran off", FitJson.ToJson(fit)["warnings"]!.AsArray()[0]!.GetValue<string>());
    }

    [Fact]
    public void a_saturation_at_its_bound_is_named()
    {
        var fit = PaperFixture.Fit("simclr_v1");
        Assert.Contains(fit.Warnings, w => w.StartsWith("S_hat = 0.9987 sits at its bound 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("model_resnet_neuro")]
    [InlineData("compute_neuro")]
    [InlineData("compute_chinchilla")]
    public void well_behaved_paper_fits_carry_no_warning(string experiment)
    {
        var fit = PaperFixture.Fit(experiment);
        Assert.Empty(fit.Warnings);
        Assert.Empty(FitJson.ToJson(fit)["warnings"]!.AsArray());
    }

    [Fact]
    public void a_bootstrap_interval_that_reaches_alpha_zero_is_named()
    {
        var fit = PaperFixture.Fit("model_resnet_neuro");
        var p = fit.ParametersLse;
        // Replicates whose exponent spreads down to 0: the interval's lower end is at the bound.
        var replicates = Enumerable.Range(0, 40).Select(i => p.Select((v, j) => j == fit.ParameterNames.ToList().IndexOf("alpha") ? i / 2000.0 : v).ToArray()).ToList();
        var bounded = fit.WithBootstrap(new VvsNotebook.Fitting.Bootstrap.BootstrapResult(fit.Form, 1, replicates, replicates.Select(_ => 0.0).ToList()));
        Assert.Contains(bounded.Warnings, w => w.StartsWith("the 95% CI of alpha reaches 0", StringComparison.Ordinal));
    }
}
