using TorchSharp;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Models;

/// <summary>
/// Keeps convolution input gradients right on CPUs where libtorch 2.10's oneDNN 3.7.1 gets them wrong. On the
/// machines this project runs on (AMD EPYC under a hypervisor that hides the cache topology), oneDNN's backward-data
/// kernels return garbage (off by tens, different on every call, now and then NaN, once a heap corruption) whenever
/// the convolution's output channels are not a multiple of 16, the block width its kernels pad channels to: a 4-, 8-
/// or 24-channel layer is wrong, 16, 32 or 48 are exact. Every model narrower than 16 channels somewhere (small_cnn,
/// a ResNet at width 1/8) trained on that garbage. PyTorch 1.13's oneDNN 2.6.3 gets the same calls right; turning
/// oneDNN off made training five times slower, and channels-last activations were wrong too. So a narrow convolution
/// whose input gradient will be needed is computed with zero filters appended up to the next multiple of 16 and the
/// extra outputs sliced off: the same outputs and weight gradients, and a backward pass on oneDNN's exact path.
/// </summary>
public static class OneDnnGradientGuard
{
    private const long Block = 16;

    /// <summary>Guards every <c>Conv2d</c> of <paramref name="model"/> (a forward hook; inference is left alone).</summary>
    public static T Apply<T>(T model) where T : nn.Module
    {
        foreach (var (_, module) in ModuleTree.DepthFirst(model))
            if (module is TorchSharp.Modules.Conv2d conv && conv.out_channels % Block != 0 && conv.groups == 1
                && conv.padding_mode == PaddingModes.Zeros && conv.padding_type is null && conv.padding is { } padding)
                conv.register_forward_hook((_, input, output) =>
                    Needed(input, conv.weight!) ? Replace(output, () => Padded(input, conv.weight!, conv.bias, conv.stride, padding, conv.dilation)) : output);
        return model;
    }

    /// <summary>A bias-free <c>conv2d</c>, guarded the same way (CORnet-S's recurrent convolution).</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, long stride, long padding) =>
        weight.size(0) % Block != 0 && Needed(input, weight)
            ? Padded(input, weight, null, [stride, stride], [padding, padding], [1, 1])
            : nn.functional.conv2d(input, weight, null, [stride], [padding]);

    private static bool Needed(Tensor input, Tensor weight) =>
        input.requires_grad && torch.is_grad_enabled() && input.device_type == DeviceType.CPU && weight.dtype != ScalarType.Float64;

    private static Tensor Replace(Tensor unguarded, Func<Tensor> guarded)
    {
        var output = guarded();
        unguarded.Dispose(); // its graph (and the activation it saved) goes now, not at the end of the step
        return output;
    }

    private static Tensor Padded(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation)
    {
        var channels = weight.size(0);
        var extra = Block - channels % Block;
        var paddedWeight = torch.cat([weight, torch.zeros([extra, .. weight.shape[1..]], weight.dtype, weight.device)], 0);
        var paddedBias = bias is null ? null : torch.cat([bias, torch.zeros([extra], bias.dtype, bias.device)], 0);
        return nn.functional.conv2d(input, paddedWeight, paddedBias, stride, padding, dilation).narrow(1, 0, channels);
    }
}
