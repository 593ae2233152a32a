using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Modules
{
    /// <summary>Batch normalisation over channels with running statistics (buffers) for eval mode.</summary>
    public sealed class BatchNorm2d : Module<Tensor, Tensor>
    {
        private Parameter _weight;
        private Parameter _bias;
        private Tensor _running_mean;
        private Tensor _running_var;

        internal BatchNorm2d(long num_features, double eps, double momentum) : base(nameof(BatchNorm2d))
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(num_features, 1);
            this.num_features = num_features; this.eps = eps; this.momentum = momentum;
            using (var w = torch.ones([num_features])) _weight = new Parameter(w);
            using (var b = torch.zeros([num_features])) _bias = new Parameter(b);
            _running_mean = torch.zeros([num_features]).DetachFromDisposeScope();
            _running_var = torch.ones([num_features]).DetachFromDisposeScope();
            RegisterComponents();
        }

        public long num_features { get; }
        public double eps { get; }
        public double momentum { get; }
        public Parameter weight => _weight;
        public Parameter bias => _bias;
        public Tensor running_mean => _running_mean;
        public Tensor running_var => _running_var;

        public override Tensor forward(Tensor input)
        {
            if (input.dim() != 4 || input.size(1) != num_features)
                throw new ArgumentException($"BatchNorm2d({num_features}) expects input (batch, {num_features}, height, width) but got [{string.Join(", ", input.shape)}].", nameof(input));
            return F.batch_norm(input, _running_mean, _running_var, _weight, _bias, training, momentum, eps);
        }
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1) => new(num_features, eps, momentum);
        }
    }
}
