using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Tests.Fitting;

namespace VvsNotebook.Tests.Experiments;

public class FilterPipelineTests
{
    private static IReadOnlyDictionary<string, object?> Row(string id, string family, double spc, double? score, double flops = 1e15, string region = "IT") =>
        new Dictionary<string, object?>
        {
            ["model_id"] = id, ["arch_family"] = family, ["samples_per_class"] = spc, ["score"] = score, ["total_flops"] = flops,
            ["region"] = region, ["is_ssl"] = false, ["acc"] = 0.5,
        };

    [Fact]
    public void StepsRunInThePapersOrder()
    {
        // combine runs before the set filter (ViTFlex counts as ViT), group_by before the samples restriction,
        // the multiplier last.
        var rows = new[]
        {
            Row("b", "ViTFlex", 300, 0.2, region: "V1"), Row("b", "ViTFlex", 300, 0.4, region: "V2"),
            Row("a", "ViT", 10, 0.3), Row("c", "ResNet", 10, 0.5), Row("d", "Other", 0, 0.6),
        };
        var filters = new ExperimentFilters
        {
            CombineArchFamilies = ExperimentFilters.DefaultFamilyMerge,
            EqualsFalse = ["is_ssl"],
            Sets = new Dictionary<string, IReadOnlyList<string>> { ["arch_family"] = ["ViT", "ResNet"] },
            Ranges = new Dictionary<string, (double, double)> { ["acc"] = (0.4, 0.6) },
            Composite = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["not_d"] = new Dictionary<string, IReadOnlyList<string>> { ["samples_per_class"] = ["10", "300"] },
            },
            GroupBy = new GroupBySpec(["model_id", "arch_family", "samples_per_class", "total_flops"]),
            ArchFamilySamples = new ArchFamilySamples(["ViT"], [0, 300]),
            FlopsMultiplier = 3,
        };
        var t = FilterPipeline.Apply(rows, filters);
        Assert.Equal(["b", "c"], t.Rows.Select(r => (string)r["model_id"]!));   // sorted by key; a dropped by spc
        Assert.Equal(0.3, (double)t.Rows[0]["score"]!, 12);                     // mean of 0.2 and 0.4
        Assert.Equal("ViT", t.Rows[0]["arch_family"]);
        Assert.Equal(3e15, (double)t.Rows[1]["total_flops"]!);
        Assert.Equal(["rows", "combine_arch_families", "is_ssl=false", "arch_family in [ViT,ResNet]", "acc in [0.4, 0.6]",
            "composite not_d", "group_by mean", "arch_family_samples", "total_flops x 3"], t.Stages.Select(s => s.Step));
    }

    [Fact]
    public void RangeFilterIsInclusiveAndDropsMissingValues()
    {
        var rows = new[] { Row("a", "X", 1, 0.1), Row("b", "X", 10, 0.2), Row("c", "X", 30, 0.3), Row("d", "X", double.NaN, 0.4) };
        rows[3] = new Dictionary<string, object?>(rows[3]) { ["samples_per_class"] = null };
        var t = FilterPipeline.Apply(rows, new ExperimentFilters { Ranges = new Dictionary<string, (double, double)> { ["samples_per_class"] = (1, 10) } });
        Assert.Equal(["a", "b"], t.Rows.Select(r => (string)r["model_id"]!));
    }

    [Fact]
    public void GroupByDropsRowsWithMissingKeysLikePandas()
    {
        var rows = new[] { Row("a", "X", 1, 0.1), Row("b", "X", 1, 0.2) };
        rows[1] = new Dictionary<string, object?>(rows[1]) { ["acc"] = null };
        var t = FilterPipeline.Apply(rows, new ExperimentFilters { GroupBy = new GroupBySpec(["model_id", "acc"]) });
        Assert.Equal(["a"], t.Rows.Select(r => (string)r["model_id"]!));
    }

    [Fact]
    public void UnknownColumnIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => FilterPipeline.Apply([Row("a", "X", 1, 0.1)],
            new ExperimentFilters { Sets = new Dictionary<string, IReadOnlyList<string>> { ["datset"] = ["imagenet"] } }));
        Assert.Contains("datset", e.Message);
    }

    [Fact]
    public void CoreSetHas620ModelsSortedByModelId()
    {
        var data = PaperFixture.Data("compute_neuro");
        Assert.Equal(620, data.Count);
        Assert.Equal(data.Labels.Order(StringComparer.Ordinal), data.Labels);
    }

    [Fact]
    public void AFilterThatLeavesNoRowsIsAnErrorWithTheTrace()
    {
        var e = ExperimentCatalog.Paper.Get("compute_neuro") with { Name = "empty" };
        e = e with { Filters = e.Filters with { Sets = new Dictionary<string, IReadOnlyList<string>>(e.Filters.Sets) { ["dataset"] = ["mnist"] } } };
        var ex = Assert.Throws<InvalidDataException>(() => e.Prepare(PaperFixture.Table));
        Assert.Contains("leave no rows", ex.Message);
        Assert.Contains("dataset in [mnist] 0", ex.Message);
    }

    [Fact]
    public void NaNScoresAreAnErrorNotSilentlyAveraged()
    {
        // The random-init EfficientNets have NaN V2 scores: fitting them must fail, naming a model.
        var e = ExperimentCatalog.Paper.Get("region_v2_group1");
        e = e with { Filters = e.Filters with { EqualsFalse = ["is_pretrained", "is_ssl"], EqualsTrue = ["is_random"], Sets = new Dictionary<string, IReadOnlyList<string>> { ["region"] = ["V2"] } } };
        var ex = Assert.Throws<InvalidDataException>(() => e.Prepare(PaperFixture.Table));
        Assert.Contains("NaN", ex.Message);
        Assert.Contains("efficientnet", ex.Message);
    }

    [Fact]
    public void NonPositiveInputsAreAnErrorNamingTheModel()
    {
        // Random-init models have total_flops missing: a compute fit over them cannot take logs.
        var e = ExperimentCatalog.Paper.Get("simclr_v1");
        e = e with { Filters = new ExperimentFilters { Sets = new Dictionary<string, IReadOnlyList<string>> { ["region"] = ["V1"] }, EqualsTrue = ["is_random"] } };
        var ex = Assert.Throws<InvalidDataException>(() => e.Prepare(PaperFixture.Table));
        Assert.Contains("total_flops must be positive", ex.Message);
    }

    [Fact]
    public void ScoresOfOneOrMoreCannotBeFittedAsMisalignment()
    {
        var rows = new[] { new ScoreRecord { ModelId = "m", BenchmarkName = "b", Region = "IT", TotalFlops = 1e15, Score = 1.0 } };
        var e = ExperimentCatalog.Paper.Get("simclr_v1") with { Filters = new ExperimentFilters() };
        var ex = Assert.Throws<InvalidDataException>(() => e.Prepare(rows));
        Assert.Contains("L = 1 - score must be positive", ex.Message);
    }
}
