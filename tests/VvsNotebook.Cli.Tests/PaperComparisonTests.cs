using System.Text.Json.Nodes;
using Xunit;

namespace VvsNotebook.Cli.Tests;

/// <summary><c>vvs fit --compare-paper</c>: our fits beside the numbers the paper prints (Fig. 1b, 2c, 3a, S2, Eq. 9's text).</summary>
public sealed class PaperComparisonTests
{
    [Fact]
    public void the_neural_compute_law_agrees_with_fig_1b_at_its_rounding_in_text_and_json()
    {
        var (code, stdout, stderr) = VvsProcess.Run(["fit", "compute_neuro", "--compare-paper"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("vs paper: S_hat 0.4773 (paper 0.48, Fig. 1b, S = 0.48 - 0.55 C^-0.16) agrees", stdout);
        Assert.Contains("vs paper: alpha 0.1569 (paper 0.16, Fig. 1b) agrees", stdout);

        var json = JsonNode.Parse(VvsProcess.Run(["fit", "compute_chinchilla", "--compare-paper", "--json", "-"]).Stdout)!.AsArray();
        var paper = json[0]!["paper"]!.AsArray();
        Assert.Equal(["N* exponent", "D* exponent"], paper.Select(p => p!["quantity"]!.GetValue<string>()));
        Assert.All(paper, p => Assert.True(p!["agrees"]!.GetValue<bool>()));
        Assert.Equal(0.7030, paper[1]!["ours"]!.GetValue<double>(), 4);
    }

    [Fact]
    public void an_experiment_the_paper_prints_no_numbers_for_is_refused_before_fitting_naming_those_it_does()
    {
        var (code, _, stderr) = VvsProcess.Run(["fit", "model_resnet_neuro", "--compare-paper"]);
        Assert.Equal(2, code);
        Assert.Contains("the paper prints no numbers for 'model_resnet_neuro'. It does for compute_neuro", stderr);
    }
}
