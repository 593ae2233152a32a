using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Modules
{
    public sealed class ReLU(bool inplace) : Module<Tensor, Tensor>(nameof(ReLU))
    {
        public override Tensor forward(Tensor input) => F.relu(input, inplace);
    }

    public sealed class GELU() : Module<Tensor, Tensor>(nameof(GELU))
    {
        public override Tensor forward(Tensor input) => F.gelu(input);
    }

    public sealed class Dropout(double p) : Module<Tensor, Tensor>(nameof(Dropout))
    {
        public double p { get; } = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        public override Tensor forward(Tensor input) => F.dropout(input, p, training);
    }

    public sealed class Identity() : Module<Tensor, Tensor>(nameof(Identity))
    {
        public override Tensor forward(Tensor input) => input.alias();
    }

    public sealed class Flatten(long start_dim, long end_dim) : Module<Tensor, Tensor>(nameof(Flatten))
    {
        public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static ReLU ReLU(bool inplace = false) => new(inplace);
            public static GELU GELU() => new();
            public static Dropout Dropout(double p = 0.5) => new(p);
            public static Identity Identity() => new();
            public static Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);
        }
    }
}
