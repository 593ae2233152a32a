using VvsNotebook.Fitting;

namespace VvsNotebook.Tests.Fitting;

/// <summary>The paper's published numbers (Gokce &amp; Schrimpf, ICML 2025), reproduced from its released scores.</summary>
public class PaperNumbersTests
{
    [Fact]
    public void NeuralAlignmentLawIsTheFigure1bCurve()
    {
        var fit = PaperFixture.Fit("compute_neuro");
        Assert.Equal(620, fit.Data.Count);
        Assert.Equal("S = 0.48 - 0.55 C^-0.16", fit.Law);
        // The reference pipeline's curve (spec section 4): S(1.43e14) = 0.116, S(5.1e17) = 0.377, S(1.55e21) = 0.449.
        Assert.Equal(0.116, fit.Predict(1.43e14), 3);
        Assert.Equal(0.377, fit.Predict(5.1e17), 3);
        Assert.Equal(0.449, fit.Predict(1.55e21), 3);
    }

    [Fact]
    public void BehaviouralAlignmentLawIsTheFigure1bCurve()
    {
        var fit = PaperFixture.Fit("compute_behavior");
        Assert.Equal("S = 1 - 1.4 C^-0.06", fit.Law);
        Assert.Equal(0.285, fit.Predict(5.1e17), 3);
        Assert.Equal(0.566, fit.Predict(1.55e21), 3);
        Assert.Equal(-0.19, fit.Predict(1.4e14), 2);
    }

    [Theory]
    [InlineData("parameter_scaling", 191, 0.44)]
    [InlineData("sample_imagenet_scaling", 221, 0.46)]
    [InlineData("sample_ecoset_scaling", 223, 0.48)]
    public void PlateausOfParameterAndDataScalingMatchThePaper(string experiment, int points, double plateau)
    {
        var fit = PaperFixture.Fit(experiment);
        Assert.Equal(points, fit.Data.Count);
        Assert.Equal(plateau, Math.Round(fit.SHat, 2));
    }

    [Fact]
    public void ComputeOptimalAllocationGivesNToThe027AndDToThe070()
    {
        var fit = PaperFixture.Fit("compute_chinchilla");
        Assert.Equal(444, fit.Data.Count);
        var al = fit.Allocation!;
        // Spec section 4: a' 0.2774, b' 0.7226, n 1.0279, m 594.08, G 0.9339, N* ~ C^0.2698, D* ~ C^0.7030.
        Assert.Equal(0.2774, al.APrime, 4);
        Assert.Equal(0.7226, al.BPrime, 4);
        Assert.Equal(1.0279, al.N, 4);
        Assert.Equal(594.08, al.M, 2);
        Assert.Equal(0.9716, al.R, 4);
        Assert.Equal(0.9339, al.G, 4);
        Assert.Equal(0.27, Math.Round(al.NExponent, 2));
        Assert.Equal(0.70, Math.Round(al.DExponent, 2));
        Assert.Equal(0.2698, al.NExponent, 4);
        Assert.Equal(0.7030, al.DExponent, 4);
        // N* (C) D* (C) spends the budget: C = m (N* D*)^n in scaled units.
        var c = 1e20;
        Assert.Equal(c, al.M * Math.Pow(al.OptimalN(c) / 1e5 * al.OptimalD(c) / 1e4, al.N) * 1e9, c * 1e-9);
    }

    [Fact]
    public void AlignmentGainIsOrderedAlongTheVentralStream()
    {
        var gains = new[] { "behavior", "it", "v4", "v2", "v1" }.Select(r => PaperFixture.Fit($"region_{r}_group1").Gain).ToArray();
        Assert.True(gains.Zip(gains.Skip(1)).All(p => p.First > p.Second),
            "Behavior > IT > V4 > V2 > V1 expected, got " + string.Join(" ", gains.Select(g => g.ToString("G3"))));
    }

    [Theory]
    [InlineData("model_resnet_neuro", 217)]
    [InlineData("model_efficientnet_neuro", 87)]
    [InlineData("model_convnext_neuro", 128)]
    [InlineData("model_vit_neuro", 128)]
    [InlineData("region_avg_group1", 364)]
    [InlineData("region_avg_group2", 256)]
    [InlineData("simclr_neuro", 35)]
    [InlineData("parameter_pretrained_scaling", 136)]
    [InlineData("sample_imagenet21kP_scaling", 11)]
    [InlineData("sample_webvisionP_scaling", 5)]
    [InlineData("sample_inaturalist_scaling", 4)]
    [InlineData("sample_places365_scaling", 4)]
    [InlineData("sample_infimnist_scaling", 7)]
    public void FiltersSelectThePapersPointCounts(string experiment, int points) =>
        Assert.Equal(points, PaperFixture.Data(experiment).Count);

    [Fact]
    public void PretrainedParameterPlateauIs043()
    {
        Assert.Equal(0.43, Math.Round(PaperFixture.Fit("parameter_pretrained_scaling").SHat, 2));
    }
}
