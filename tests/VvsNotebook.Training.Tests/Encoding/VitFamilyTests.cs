using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using VvsNotebook.Tests.Shared;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Profiling;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Training.Tests.VitEncoding;

/// <summary>The ViT family with an explicit hidden dimension, depth and heads, against vvs_zoo's PyTorch twin and closed forms.</summary>
public sealed class VitFamilyTests
{
    public VitFamilyTests() { TorchRuntime.EnsureLoaded(); torch.set_num_threads(1); torch.manual_seed(0); }

    private static (long Parameters, long Macs, List<(string Name, long[] Shape)> State) Measure(ModelSpec spec)
    {
        using var model = ModelZoo.Create(spec);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        using var counter = MacCounter.Start(model);
        var logits = model.call(torch.zeros(spec.InputShape.BatchShape(1)));
        Assert.Equal([1L, spec.NumClasses], logits.shape);
        return (ComputeAccountant.ParameterCount(model), counter.Total, model.state_dict().Select(kv => (kv.Key, kv.Value.shape)).ToList());
    }

    private static ModelSpec Vit(int dim, int depth, int heads, InputShape? input = null) =>
        new("vit", Depth: depth, Input: input ?? InputShape.FashionMnist, NumClasses: 10) { Dim = dim, Heads = heads };

    /// <summary>
    /// Closed forms for patch p, T = (S/p)^2 + 1 tokens, hidden D, L blocks, K classes, MLP ratio 4. Parameters: patch
    /// conv C p^2 D + D, class token D, positions T D, per block 12 D^2 + 13 D, final norm 2 D, head D K + K. MACs:
    /// patches (T-1) D C p^2, per block T (3 D^2 + D^2 + 8 D^2) for the linears plus 2 T^2 D for the attention
    /// matmuls (independent of the heads), head D K.
    /// </summary>
    private static (long Parameters, long Macs) ClosedForm(long d, long depth, long c = 1, long size = 28, long patch = 4, long k = 10)
    {
        var t = (size / patch) * (size / patch) + 1;
        var parameters = c * patch * patch * d + d + d + t * d + depth * (12 * d * d + 13 * d) + 2 * d + d * k + k;
        var macs = (t - 1) * d * c * patch * patch + depth * (12 * t * d * d + 2 * t * t * d) + d * k;
        return (parameters, macs);
    }

    [Theory]
    [InlineData(16, 1, 1)]
    [InlineData(16, 1, 4)]
    [InlineData(32, 2, 4)]
    [InlineData(64, 2, 2)]
    [InlineData(48, 3, 3)]
    public void parameters_and_macs_follow_the_closed_form_at_28x28(int dim, int depth, int heads)
    {
        var (n, macs, _) = Measure(Vit(dim, depth, heads));
        var expected = ClosedForm(dim, depth);
        Assert.Equal(expected.Parameters, n);
        Assert.Equal(expected.Macs, macs);
    }

    [TorchTheory]
    [InlineData(16, 1, 2, 1, 28)]
    [InlineData(32, 2, 4, 1, 28)]
    [InlineData(24, 2, 3, 3, 32)]
    public void state_names_shapes_parameters_and_macs_match_the_pytorch_twin(int dim, int depth, int heads, int channels, int size)
    {
        var (n, macs, state) = Measure(Vit(dim, depth, heads, new InputShape(channels, size)));
        var start = new ProcessStartInfo(TorchReference.Interpreter) { UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Python", "vit_reference.py"), $"{dim}", $"{depth}", $"{heads}", $"{channels}", $"{size}", "10" })
            start.ArgumentList.Add(a);
        var run = TestProcess.Run(start, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Output);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(json.RootElement.GetProperty("parameters").GetInt64(), n);
        Assert.Equal(json.RootElement.GetProperty("macs").GetInt64(), macs);
        var reference = json.RootElement.GetProperty("state").EnumerateArray()
            .Select(e => (e[0].GetString()!, e[1].EnumerateArray().Select(x => x.GetInt64()).ToArray())).OrderBy(s => s.Item1, StringComparer.Ordinal).ToList();
        var ours = state.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(reference.Select(r => r.Item1), ours.Select(o => o.Name));
        Assert.Equal(reference.Select(r => string.Join("x", r.Item2)), ours.Select(o => string.Join("x", o.Shape)));
    }

    [Fact]
    public void explicit_dim_and_heads_build_that_shape_and_get_distinct_ids()
    {
        using var model = (VisionTransformer)ModelZoo.Create(Vit(64, 2, 4));
        Assert.Equal(64, model.EmbedDim);
        Assert.Equal(50, model.Tokens);
        Assert.Equal(2, model.Depth);
        Assert.Equal((64, 4), ModelZoo.VitShape(Vit(64, 2, 4)));
        var ids = new[] { Vit(64, 2, 4), Vit(64, 2, 2), Vit(32, 2, 4), Vit(64, 1, 4), new ModelSpec("vit", Depth: 2), new ModelSpec("vit", 0.5, 2) }.Select(s => s.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("vit_d2_dim64_h4", ids[0]);
    }

    [Fact]
    public void specs_without_dim_or_heads_keep_their_ids_json_and_shapes()
    {
        // Existing run configs and checkpoints stay valid: no new JSON keys, the same ids and the same widths.
        var spec = new ModelSpec("vit", 0.5, 2, InputShape.FashionMnist, 10);
        Assert.Equal("vit_d2_w0.5", spec.Id);
        var json = JsonSerializer.Serialize(new RunConfig { Model = spec }, RunFiles.Json);
        Assert.DoesNotContain("\"dim\"", json);
        Assert.DoesNotContain("\"heads\"", json);
        Assert.Equal(spec, JsonSerializer.Deserialize<RunConfig>(json, RunFiles.Json)!.Model);
        Assert.Equal((96, 2), ModelZoo.VitShape(spec));
        Assert.Equal((192, 3), ModelZoo.VitShape(new ModelSpec("vit_tiny")));
        Assert.Equal((384, 6), ModelZoo.VitShape(new ModelSpec("vit_small")));
        var withDim = new RunConfig { Model = Vit(32, 1, 2) };
        Assert.Equal(withDim.Model, JsonSerializer.Deserialize<RunConfig>(JsonSerializer.Serialize(withDim, RunFiles.Json), RunFiles.Json)!.Model);
    }

    [Fact]
    public void a_hidden_dim_that_the_heads_do_not_divide_is_refused_with_the_divisors()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Create(Vit(30, 1, 4)));
        Assert.Contains("30 is not a multiple of its 4 heads", e.Message);
        Assert.Contains("1, 2, 3, 5, 6, 10, 15", e.Message);
        Assert.Contains("either a hidden dimension", Assert.Throws<ArgumentException>(() => ModelZoo.Create(new ModelSpec("vit", 0.5, 1) { Dim = 32 })).Message);
        Assert.Contains("ViT family", Assert.Throws<ArgumentException>(() => ModelZoo.Create(new ModelSpec("resnet18") { Heads = 2 })).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => ModelZoo.Create(Vit(32, 1, 0))).Message);
    }
}
