using VvsNotebook.Torch.PInvoke;
using VvsNotebook.Torch.Profiling;

namespace VvsNotebook.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Stateless layer ops (<c>torch.nn.functional</c>). Shapes are checked here, before native code.</summary>
        public static partial class functional
        {
            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1)
            {
                RequireDims(input, 4, "conv2d", "(batch, channels, height, width)");
                var inChannels = weight.size(1) * groups;
                if (input.size(1) != inChannels)
                    throw new ArgumentException($"conv2d expects {inChannels} input channels but the input has {input.size(1)} (input shape [{string.Join(", ", input.shape)}]).", nameof(input));
                long* s = stackalloc long[] { stride, stride };
                long* p = stackalloc long[] { padding, padding };
                long* d = stackalloc long[] { dilation, dilation };
                var output = Tensor.Wrap(NativeMethods.vvs_conv2d(input.Live, weight.Live, bias?.Live ?? TensorHandle.Null, s, p, d, groups));
                if (MacCounter.IsCounting) MacCounter.AddConvolution(output.numel() * weight.size(1) * weight.size(2) * weight.size(3));
                return output;
            }

            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                if (input.dim() < 1 || input.size(-1) != weight.size(1))
                    throw new ArgumentException($"linear expects a last dimension of {weight.size(1)} but the input has shape [{string.Join(", ", input.shape)}].", nameof(input));
                var output = Tensor.Wrap(NativeMethods.vvs_linear(input.Live, weight.Live, bias?.Live ?? TensorHandle.Null));
                if (MacCounter.IsCounting) MacCounter.AddLinear(output.numel() * weight.size(1));
                return output;
            }

            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight, Tensor? bias, bool training, double momentum = 0.1, double eps = 1e-5) =>
                Tensor.Wrap(NativeMethods.vvs_batch_norm(input.Live, weight?.Live ?? TensorHandle.Null, bias?.Live ?? TensorHandle.Null,
                    running_mean?.Live ?? TensorHandle.Null, running_var?.Live ?? TensorHandle.Null, training, momentum, eps));

            public static unsafe Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                fixed (long* s = normalized_shape)
                    return Tensor.Wrap(NativeMethods.vvs_layer_norm(input.Live, s, normalized_shape.Length, weight?.Live ?? TensorHandle.Null, bias?.Live ?? TensorHandle.Null, eps));
            }

            public static Tensor relu(Tensor input, bool inplace = false) =>
                Tensor.Wrap(inplace ? NativeMethods.vvs_relu_(input.Live) : NativeMethods.vvs_relu(input.Live));

            public static Tensor gelu(Tensor input, bool tanh_approximation = false) => Tensor.Wrap(NativeMethods.vvs_gelu(input.Live, tanh_approximation));

            public static unsafe Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false)
            {
                RequireDims(input, 4, "max_pool2d", "(batch, channels, height, width)");
                long* k = stackalloc long[] { kernel_size, kernel_size };
                long* s = stackalloc long[] { stride ?? kernel_size, stride ?? kernel_size };
                long* p = stackalloc long[] { padding, padding };
                return Tensor.Wrap(NativeMethods.vvs_max_pool2d(input.Live, k, s, p, ceil_mode));
            }

            public static unsafe Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0)
            {
                RequireDims(input, 4, "avg_pool2d", "(batch, channels, height, width)");
                long* k = stackalloc long[] { kernel_size, kernel_size };
                long* s = stackalloc long[] { stride ?? kernel_size, stride ?? kernel_size };
                long* p = stackalloc long[] { padding, padding };
                return Tensor.Wrap(NativeMethods.vvs_avg_pool2d(input.Live, k, s, p));
            }

            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, long height, long width)
            {
                RequireDims(input, 4, "adaptive_avg_pool2d", "(batch, channels, height, width)");
                long* size = stackalloc long[] { height, width };
                return Tensor.Wrap(NativeMethods.vvs_adaptive_avg_pool2d(input.Live, size));
            }

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
            {
                if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
                return Tensor.Wrap(NativeMethods.vvs_dropout(input.Live, p, training));
            }

            public static Tensor softmax(Tensor input, long dim) => Tensor.Wrap(NativeMethods.vvs_softmax(input.Live, dim));
            public static Tensor log_softmax(Tensor input, long dim) => Tensor.Wrap(NativeMethods.vvs_log_softmax(input.Live, dim));

            /// <summary>Mean cross-entropy of logits (batch, classes) against int64 class indices (batch).</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, double label_smoothing = 0)
            {
                if (input.dim() != 2) throw new ArgumentException($"cross_entropy expects logits of shape (batch, classes) but got [{string.Join(", ", input.shape)}].", nameof(input));
                if (target.dtype != ScalarType.Int64) throw new ArgumentException($"cross_entropy expects int64 class indices but the target is {target.dtype}.", nameof(target));
                if (target.dim() != 1 || target.size(0) != input.size(0))
                    throw new ArgumentException($"cross_entropy expects {input.size(0)} targets but got shape [{string.Join(", ", target.shape)}].", nameof(target));
                return Tensor.Wrap(NativeMethods.vvs_cross_entropy(input.Live, target.Live, label_smoothing));
            }

            public static Tensor mse_loss(Tensor input, Tensor target) => Tensor.Wrap(NativeMethods.vvs_mse_loss(input.Live, target.Live));

            private static void RequireDims(Tensor input, int dims, string op, string layout)
            {
                if (input.dim() != dims)
                    throw new ArgumentException($"{op} expects a {dims}-D input {layout} but got shape [{string.Join(", ", input.shape)}].", nameof(input));
            }
        }
    }
}
