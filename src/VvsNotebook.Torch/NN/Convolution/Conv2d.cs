using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Modules
{
    /// <summary>2-D convolution over (batch, channels, height, width), square kernels.</summary>
    public sealed class Conv2d : Module<Tensor, Tensor>
    {
        private Parameter _weight;
        private Parameter? _bias;

        internal Conv2d(long in_channels, long out_channels, long kernel_size, long stride, long padding, long groups, bool bias) : base(nameof(Conv2d))
        {
            if (in_channels <= 0 || out_channels <= 0 || kernel_size <= 0 || stride <= 0 || padding < 0 || groups <= 0)
                throw new ArgumentException($"Conv2d({in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}, padding={padding}, groups={groups}) has a non-positive size.");
            if (in_channels % groups != 0 || out_channels % groups != 0)
                throw new ArgumentException($"Conv2d channels ({in_channels} in, {out_channels} out) must be divisible by groups={groups}.");
            in_features = in_channels; out_features = out_channels; this.kernel_size = kernel_size; this.stride = stride; this.padding = padding; this.groups = groups;
            (_weight, _bias) = LayerInit.WeightAndBias([out_channels, in_channels / groups, kernel_size, kernel_size], in_channels / groups * kernel_size * kernel_size, bias);
            RegisterComponents();
        }

        public long in_features { get; }
        public long out_features { get; }
        public long kernel_size { get; }
        public long stride { get; }
        public long padding { get; }
        public long groups { get; }
        public Parameter weight => _weight;
        public Parameter? bias => _bias;

        public override Tensor forward(Tensor input) => F.conv2d(input, _weight, _bias, stride, padding, 1, groups);
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long groups = 1, bool bias = true) =>
                new(in_channels, out_channels, kernel_size, stride, padding, groups, bias);
        }

    }
}
