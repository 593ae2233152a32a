using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Modules
{
    public sealed class MaxPool2d(long kernel_size, long? stride, long padding) : Module<Tensor, Tensor>(nameof(MaxPool2d))
    {
        public override Tensor forward(Tensor input) => F.max_pool2d(input, kernel_size, stride, padding);
    }

    public sealed class AvgPool2d(long kernel_size, long? stride, long padding) : Module<Tensor, Tensor>(nameof(AvgPool2d))
    {
        public override Tensor forward(Tensor input) => F.avg_pool2d(input, kernel_size, stride, padding);
    }

    public sealed class AdaptiveAvgPool2d(long height, long width) : Module<Tensor, Tensor>(nameof(AdaptiveAvgPool2d))
    {
        public override Tensor forward(Tensor input) => F.adaptive_avg_pool2d(input, height, width);
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long padding = 0) => new(kernel_size, stride, padding);
            public static AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long padding = 0) => new(kernel_size, stride, padding);
            public static AdaptiveAvgPool2d AdaptiveAvgPool2d(long height, long width) => new(height, width);
            public static AdaptiveAvgPool2d AdaptiveAvgPool2d(long size) => new(size, size);
        }
    }
}
