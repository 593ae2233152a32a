using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Modules
{
    /// <summary>Layer normalisation over the last dimension.</summary>
    public sealed class LayerNorm : Module<Tensor, Tensor>
    {
        private Parameter _weight;
        private Parameter _bias;

        internal LayerNorm(long normalized_shape, double eps) : base(nameof(LayerNorm))
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(normalized_shape, 1);
            this.normalized_shape = normalized_shape; this.eps = eps;
            using (var w = torch.ones([normalized_shape])) _weight = new Parameter(w);
            using (var b = torch.zeros([normalized_shape])) _bias = new Parameter(b);
            RegisterComponents();
        }

        public long normalized_shape { get; }
        public double eps { get; }

        public override Tensor forward(Tensor input)
        {
            if (input.size(-1) != normalized_shape)
                throw new ArgumentException($"LayerNorm({normalized_shape}) expects a last dimension of {normalized_shape} but got [{string.Join(", ", input.shape)}].", nameof(input));
            return F.layer_norm(input, [normalized_shape], _weight, _bias, eps);
        }
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static LayerNorm LayerNorm(long normalized_shape, double eps = 1e-5) => new(normalized_shape, eps);
        }
    }
}
