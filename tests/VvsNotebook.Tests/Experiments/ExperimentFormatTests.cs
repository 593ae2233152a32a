using System.Text.Json;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Manifests;

namespace VvsNotebook.Tests.Experiments;

public class ExperimentFormatTests
{
    private static readonly string SpecPath = Path.Combine(TestData.DataDirectory, "..", "specs", "paper-experiments.json");

    [Fact]
    public void TheFortyThreeExperimentsMeanWhatThePapersConfigsMean()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(SpecPath));
        var catalog = ExperimentCatalog.Paper;
        Assert.Equal(spec.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), catalog.Names);
        foreach (var item in spec.RootElement.EnumerateObject())
        {
            var e = catalog.Get(item.Name);
            var f = item.Value.GetProperty("filters");
            var fit = item.Value.GetProperty("fitting");
            string[] Strings(JsonElement a) => a.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray();
            var combine = f.TryGetProperty("combine_arch_families", out var c) && c.GetBoolean();
            Assert.Equal(combine, e.Filters.CombineArchFamilies.Count > 0);
            var boolean = f.GetProperty("boolean_filters");
            Assert.Equal(boolean.TryGetProperty("equals_true", out var et) ? Strings(et) : [], e.Filters.EqualsTrue);
            Assert.Equal(Strings(boolean.GetProperty("equals_false")), e.Filters.EqualsFalse);
            var sets = f.GetProperty("set_filters").EnumerateObject().ToDictionary(p => p.Name, p => Strings(p.Value));
            Assert.Equal(sets.Keys.Order(), e.Filters.Sets.Keys.Order());
            foreach (var (k, v) in sets) Assert.Equal(v, e.Filters.Sets[k]);
            if (f.TryGetProperty("group_by", out var gb))
                Assert.Equal(Strings(gb.GetProperty("avg_score").GetProperty("keys")), e.Filters.GroupBy!.Keys);
            else Assert.Null(e.Filters.GroupBy);
            if (f.TryGetProperty("arch_families_samples", out var afs))
            {
                Assert.Equal(Strings(afs.GetProperty("arch_family")), e.Filters.ArchFamilySamples!.Families);
                Assert.Equal(afs.GetProperty("samples_per_class").EnumerateArray().Select(v => v.GetDouble()), e.Filters.ArchFamilySamples.SamplesPerClass);
            }
            else Assert.Null(e.Filters.ArchFamilySamples);
            var multiplier = f.TryGetProperty("modifiers", out var m) ? m.GetProperty("flops_multiplier").GetDouble() : 1.0;
            Assert.Equal(multiplier, e.Filters.FlopsMultiplier);

            Assert.Equal(LawForms.Parse(fit.GetProperty("loss_function").GetString()!), e.Fit.Form);
            var two = fit.GetProperty("curve_type").GetString() == "two_variables";
            Assert.Equal(two ? [fit.GetProperty("X1").GetString()!, fit.GetProperty("X2").GetString()!] : [fit.GetProperty("X").GetString()!], e.Fit.X);
            Assert.Equal(two ? [double.Parse(fit.GetProperty("X1_scaler").GetString()!), double.Parse(fit.GetProperty("X2_scaler").GetString()!)]
                : [double.Parse(fit.GetProperty("X_scaler").GetString()!)], e.Fit.XScale);
            Assert.Equal(double.Parse(fit.GetProperty("delta").GetString()!), e.Fit.Delta);
            Assert.Equal(fit.GetProperty("num_bootstraps").GetInt32(), e.Fit.Bootstraps);
            Assert.Equal((ulong)fit.GetProperty("random_seed").GetInt32(), e.Fit.Seed);
            var init = fit.GetProperty("initial_parameters").EnumerateObject()
                .ToDictionary(p => p.Name.TrimEnd('_'), p => p.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray());
            Assert.Equal(init.Keys.Order(), e.Fit.Init.Select(kv => kv.Key).Order());
            foreach (var (k, v) in e.Fit.Init) Assert.Equal(init[k], v);
        }
    }

    [Fact]
    public void GridSizesAre150And750And4500()
    {
        var sizes = ExperimentCatalog.Paper.Experiments.GroupBy(e => e.Fit.Form)
            .ToDictionary(g => g.Key, g => g.Select(e => new VvsNotebook.Fitting.InitialGrid(e.Fit.Init).Count).Distinct().Single());
        Assert.Equal(150, sizes[LawForm.PowerLaw]);
        Assert.Equal(750, sizes[LawForm.PowerLawShift]);
        Assert.Equal(4500, sizes[LawForm.Chinchilla]);
    }

    [Fact]
    public void WriterOutputReadsBackToTheSameExperiment()
    {
        foreach (var e in ExperimentCatalog.Paper.Experiments)
        {
            var again = ExperimentYaml.Parse(ExperimentWriter.ToYaml(e), e.Name);
            Assert.Equal(ExperimentWriter.ToYaml(e), ExperimentWriter.ToYaml(again));
        }
    }

    [Fact]
    public void AUserExperimentCanStartFromAPaperOneAndChangeTheGrid()
    {
        const string yaml = """
            name: my_neuro
            base: compute_neuro
            filters:
              ranges:
                samples_per_class: [0, 100]
            fit:
              init:
                e: [-0.5]
                a: [0, 5]
                alpha: [0.5]
            """;
        var e = ExperimentYaml.Parse(yaml, "my.yaml", ExperimentCatalog.Paper.Find);
        Assert.Equal("my_neuro", e.Name);
        Assert.Equal(["V1", "V2", "V4", "IT"], e.Filters.Sets["region"]);    // inherited
        Assert.Equal((0.0, 100.0), e.Filters.Ranges["samples_per_class"]);  // added
        Assert.Equal([0.0, 5.0], e.Fit.Init[1].Value);                      // lists replace
        Assert.Equal(1000, e.Fit.Bootstraps);
    }

    [Theory]
    [InlineData("name: x\nfit: {form: power_law, x: total_flops, init: {e: [0], a: [0], alpha: [0]}, deltaa: 1}", "fit.deltaa")]
    [InlineData("name: x\nfit: {form: cubic, x: total_flops, init: {e: [0]}}", "Unknown law form")]
    [InlineData("name: x\nfit: {form: power_law, x: total_flops, x_scale: -1, init: {e: [0], a: [0], alpha: [0]}}", "x_scale")]
    [InlineData("name: x\nfit: {form: chinchilla, x: total_flops, init: {e: [0]}}", "takes 2")]
    [InlineData("name: x\nfit: {form: power_law, x: total_flops, init: {e: [zero], a: [0], alpha: [0]}}", "not a finite number")]
    [InlineData("name: x\nfilters: {ranges: {acc: [1, 0]}}\nfit: {form: power_law, x: total_flops, init: {e: [0], a: [0], alpha: [0]}}", "min <= max")]
    [InlineData("name: x\nfit: {form: power_law, x: total_flops\n", "line")]
    [InlineData("fit: {form: power_law, x: total_flops, init: {e: [0], a: [0], alpha: [0]}}", "missing 'name'")]
    public void MalformedExperimentsFailNamingTheProblem(string yaml, string expected)
    {
        var e = Assert.Throws<ManifestFormatException>(() => ExperimentYaml.Parse(yaml, "bad.yaml"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("bad.yaml", e.Message);
    }

    [Fact]
    public void UnknownExperimentListsTheKnownOnes()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => ExperimentCatalog.Paper.Get("compute_nuero"));
        Assert.Contains("compute_neuro", e.Message);
    }
}
