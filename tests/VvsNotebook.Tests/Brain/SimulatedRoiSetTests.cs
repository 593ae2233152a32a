using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Brain;
using VvsNotebook.Metrics.Ceilings;
using VvsNotebook.Metrics.Similarity;

namespace VvsNotebook.Tests.Brain;

public class SimulatedRoiSetTests
{
    private static readonly Lazy<BrainRoiSet> Set = new(() => SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 6 }));

    [Fact]
    public void Has_three_subjects_four_rois_in_hierarchy_order_and_renders_a_summary()
    {
        var s = Set.Value;
        Assert.Equal(["V1", "V2", "LOC", "IT"], s.Rois);
        Assert.Equal(3, s.Subjects.Count);
        Assert.Equal(96 + 60, s.StimulusCount);
        Assert.Equal(s.StimulusCount, s.Stimuli!.Count);
        Assert.Equal(12, s.Responses.Count);
        Assert.Contains("3 subjects", s.ToMimeBundle()["text/plain"]);
        Assert.Throws<KeyNotFoundException>(() => s.Get("sim-09", "V1"));
    }

    [Fact]
    public void Is_deterministic_per_seed_and_differs_across_seeds()
    {
        var again = SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 6 });
        var other = SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 6, Seed = 1 });
        Assert.Equal(Set.Value.Get("sim-02", "IT").Trials.ToRowMajorArray(), again.Get("sim-02", "IT").Trials.ToRowMajorArray());
        Assert.NotEqual(Set.Value.Get("sim-02", "IT").Trials.ToRowMajorArray(), other.Get("sim-02", "IT").Trials.ToRowMajorArray());
    }

    [Fact]
    public void Voxel_split_half_ceiling_recovers_the_configured_reliability_and_rdm_reliability_is_finite()
    {
        foreach (var roi in Set.Value.Rois)
        {
            var r = Set.Value.Get("sim-01", roi);
            Assert.InRange(new SplitHalfConsistency().Estimate(r.Trials, r.Stimulus, r.Repetition).Ceiling, 0.72, 0.88);
            var rdm = Set.Value.SplitHalfReliability("sim-01", roi, new RdmReliability(Splits: 4));
            Assert.InRange(rdm.Reliability, 0.3, 0.999);
            var nc = Set.Value.NoiseCeiling(roi);
            Assert.True(nc.Lower > 0.2 && nc.Lower <= nc.Upper, $"{roi}: {nc}");
        }
    }

    [Fact]
    public void V1_is_closer_to_the_gabor_rdm_and_IT_is_more_category_structured()
    {
        var s = Set.Value;
        var gabor = Rdm.FromResponses(new GaborBank(OfflinePopulations.V1Filters(new VvsNotebook.Metrics.Numerics.NumpyRandomState(0))).Energy(s.Stimuli!));
        var category = new Rdm(s.StimulusCount, PairsOf(s.StimulusCount, (i, j) => s.Categories[i] == s.Categories[j] ? 0 : 1));
        var rsa = new Rsa();
        Assert.True(rsa.Compare(s.GroupRdm("V1"), gabor) > rsa.Compare(s.GroupRdm("IT"), gabor) + 0.1);
        Assert.True(rsa.Compare(s.GroupRdm("IT"), category) > rsa.Compare(s.GroupRdm("V1"), category) + 0.1);
        Assert.True(rsa.Compare(s.GroupRdm("IT"), category) > rsa.Compare(s.GroupRdm("LOC"), category));
    }

    private static double[] PairsOf(int n, Func<int, int, double> f)
    {
        var res = new List<double>();
        for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) res.Add(f(i, j));
        return res.ToArray();
    }
}
