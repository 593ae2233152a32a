using TorchSharp;
using VvsNotebook.Training.Profiling;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Training.Tests;

public sealed class ModelZooTests
{
    public ModelZooTests() { TorchRuntime.EnsureLoaded(); torch.set_num_threads(2); torch.manual_seed(0); }

    private static (long Parameters, long Macs) Measure(ModelSpec spec)
    {
        using var model = ModelZoo.Create(spec);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        using var counter = MacCounter.Start(model);
        var logits = model.call(torch.zeros(spec.InputShape.BatchShape(1)));
        Assert.Equal([1L, spec.NumClasses], logits.shape);
        return (ComputeAccountant.ParameterCount(model), counter.Total);
    }

    // torchvision's published parameter counts and conv+linear MACs at 224x224, 1000 classes.
    [Theory]
    [InlineData("alexnet", 61_100_840L, 714_188_480L)]
    [InlineData("resnet18", 11_689_512L, 1_814_073_344L)]
    [InlineData("resnet50", 25_557_032L, 4_089_184_256L)]
    public void imagenet_models_match_torchvision_parameters_and_macs(string arch, long parameters, long macs)
    {
        var (n, c) = Measure(new ModelSpec(arch));
        Assert.Equal(parameters, n);
        Assert.Equal(macs, c);
    }

    [Fact]
    public void resnet34_vit_tiny_and_cornet_s_match_their_reference_parameter_counts()
    {
        // dicarlolab/CORnet's CORnet-S definition, counted with PyTorch: 53,416,616.
        using (var cornet = ModelZoo.Create(new ModelSpec("cornet_s"))) Assert.Equal(53_416_616L, ComputeAccountant.ParameterCount(cornet));
        using (var r34 = ModelZoo.Create(new ModelSpec("resnet34"))) Assert.Equal(21_797_672L, ComputeAccountant.ParameterCount(r34));
        using (var vit = ModelZoo.Create(new ModelSpec("vit_tiny"))) Assert.Equal(5_717_416L, ComputeAccountant.ParameterCount(vit)); // timm vit_tiny_patch16_224
    }

    [Theory]
    [InlineData("resnet18", 0.0625)]
    [InlineData("resnet18", 2.0)]
    [InlineData("resnet10", 0.25)]
    [InlineData("resnet50", 0.0625)]
    [InlineData("alexnet", 0.0625)]
    [InlineData("vit", 0.5)]
    [InlineData("vit_small", 0.25)]
    [InlineData("cornet_s", 0.125)]
    public void every_family_adapts_to_28x28_grey_and_32x32_rgb(string arch, double width)
    {
        foreach (var input in new[] { InputShape.FashionMnist, InputShape.Cifar })
        {
            var spec = new ModelSpec(arch, width, Depth: arch == "vit" ? 2 : null, Input: input, NumClasses: 10);
            var (n, c) = Measure(spec);
            Assert.True(n > 0 && c > 0);
        }
    }

    [Fact]
    public void width_multiplier_scales_resnet_parameters_roughly_quadratically()
    {
        long Count(double w) { using var m = ModelZoo.Create(new ModelSpec("resnet18", w, Input: InputShape.FashionMnist, NumClasses: 10)); return ComputeAccountant.ParameterCount(m); }
        var ratio = (double)Count(0.5) / Count(0.25);
        Assert.InRange(ratio, 3.5, 4.1);
        // The widest tested member (4x) builds; parameters grow ~16x over width 1.
        Assert.InRange((double)Count(4) / Count(1), 15, 16.5);
    }

    [Fact]
    public void cornet_s_keeps_the_original_area_names_and_unrolls_recurrence()
    {
        using var model = ModelZoo.Create(new ModelSpec("cornet_s", 0.125, Input: InputShape.FashionMnist, NumClasses: 10));
        Assert.Equal(["V1", "V2", "V4", "IT", "decoder"], model.named_children().Select(c => c.name));
        Assert.Contains(model.named_buffers(), b => b.name == "V4.norms.norm1_3.running_mean");
    }

    [Fact]
    public void unknown_architectures_and_bad_widths_are_rejected_with_the_known_names()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Create(new ModelSpec("resnet19")));
        Assert.Contains("10, 18, 34, 50", e.Message);
        Assert.Contains("alexnet", Assert.Throws<ArgumentException>(() => ModelZoo.Create(new ModelSpec("lenet"))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelZoo.Create(new ModelSpec("resnet18", 0)));
    }
}
