using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Modules
{
    /// <summary>y = x Wᵀ + b over the last dimension.</summary>
    public sealed class Linear : Module<Tensor, Tensor>
    {
        private Parameter _weight;
        private Parameter? _bias;

        internal Linear(long in_features, long out_features, bool bias) : base(nameof(Linear))
        {
            if (in_features <= 0 || out_features <= 0)
                throw new ArgumentException($"Linear({in_features}, {out_features}) needs positive sizes.");
            this.in_features = in_features; this.out_features = out_features;
            (_weight, _bias) = LayerInit.WeightAndBias([out_features, in_features], in_features, bias);
            RegisterComponents();
        }

        public long in_features { get; }
        public long out_features { get; }
        public Parameter weight => _weight;
        public Parameter? bias => _bias;

        public override Tensor forward(Tensor input) => F.linear(input, _weight, _bias);
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static Linear Linear(long in_features, long out_features, bool bias = true) => new(in_features, out_features, bias);
        }
    }
}
