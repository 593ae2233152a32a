using System.Text.Json.Serialization;
using VvsNotebook.Brain;
using VvsNotebook.Display;
using VvsNotebook.Metrics;
using VvsNotebook.Training.LearningRules;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// One RSA test of the tidy table: a rule's network (one seed), the layer mapped to one ROI, against the ROI's group
/// RDM. <c>P</c> is the one-sided stimulus-label permutation p-value, <c>Q</c> its BH-FDR adjustment over all rows;
/// <c>PartialRho</c>/<c>PartialP</c> the same test with pixel similarity partialled out.
/// </summary>
public sealed record StudyRow(string Rule, int Seed, string Roi, string Layer, double Rho, double P, double Q, double PartialRho, double PartialP);

/// <summary>A rule at one ROI over seeds: mean and sample standard deviation of rho (paper Fig. 7).</summary>
public sealed record RuleRoiSummary(string Rule, string Roi, int Seeds, double MeanRho, double SdRho, double MeanPartialRho);

/// <summary>
/// Two rules compared at one ROI (paper Fig. 5): the seed-averaged model RDMs' rho difference against the ROI's
/// group RDM, a two-sided permutation p-value, and its BH-FDR adjustment over every pair and ROI.
/// </summary>
public sealed record PairwiseComparison(string Roi, string RuleA, string RuleB, double DeltaRho, double P, double Q, bool Significant);

/// <summary>
/// How reliable one ROI's brain RDM is (the referee's request in the seed paper): split-half reliability (Spearman-Brown
/// corrected, mean over subjects), the Nili et al. noise ceiling and inter-subject consistency.
/// </summary>
public sealed record RoiReliability(string Roi, double SplitHalf, double NoiseCeilingLower, double NoiseCeilingUpper, double InterSubject)
{
    public static RoiReliability Of(BrainRoiSet brain, string roi)
    {
        var ceiling = brain.NoiseCeiling(roi);
        return new RoiReliability(roi, brain.Subjects.Average(s => brain.SplitHalfReliability(s, roi).Reliability), ceiling.Lower, ceiling.Upper, ceiling.InterSubject);
    }
}

/// <summary>The first layer's filters of one trained network, out x in x k x k, for the filter figure (paper Fig. 9).</summary>
public sealed record FirstLayerFilters(string Rule, int Seed, int[] Shape, float[] Weights);

/// <summary>The study's results: tidy rows, summaries, pairwise tests, training curves, reliability and filters.</summary>
public sealed record LearningRuleStudyResult(
    LearningRuleStudyOptions Options,
    string BrainSet,
    IReadOnlyList<string> Rois,
    IReadOnlyDictionary<string, string> RoiLayers,
    IReadOnlyList<StudyRow> Rows,
    IReadOnlyList<RuleRoiSummary> Summary,
    IReadOnlyList<PairwiseComparison> Pairwise,
    IReadOnlyList<RoiReliability> Reliability,
    IReadOnlyList<RuleRun> Curves,
    IReadOnlyList<FirstLayerFilters> Filters,
    double Seconds) : IMimeRenderable
{
    /// <summary>Mean rho of <paramref name="rule"/> at <paramref name="roi"/>.</summary>
    public double MeanRho(string rule, string roi) =>
        Summary.FirstOrDefault(s => s.Rule == rule && s.Roi == roi)?.MeanRho
        ?? throw new KeyNotFoundException($"No result for rule '{rule}' at ROI '{roi}'; rules: {string.Join(", ", Options.Rules)}; ROIs: {string.Join(", ", Rois)}.");

    [JsonIgnore]
    public int TrainedRuns => Curves.Count;

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle(
        $"Learning-rule study on {BrainSet}: {Options.Rules.Count} rules x {Options.Seeds.Count} seeds, mean rho (sd) per ROI, {Options.Permutations} permutations",
        ["rule", .. Rois],
        Options.Rules.Select(rule => (IReadOnlyList<string>)[rule, .. Rois.Select(roi =>
        {
            var s = Summary.First(x => x.Rule == rule && x.Roi == roi);
            return double.IsNaN(s.SdRho) ? $"{s.MeanRho:F3}" : $"{s.MeanRho:F3} ({s.SdRho:F3})";
        })]));
}
