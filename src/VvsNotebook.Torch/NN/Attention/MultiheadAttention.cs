using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Modules
{
    /// <summary>
    /// Multi-head self-attention over (batch, tokens, embed_dim), as in ViT: one qkv projection, scaled
    /// dot-product attention per head, an output projection.
    /// </summary>
    public sealed class MultiheadAttention : Module<Tensor, Tensor>
    {
        private readonly Linear _qkv;
        private readonly Linear _proj;

        internal MultiheadAttention(long embed_dim, long num_heads) : base(nameof(MultiheadAttention))
        {
            if (num_heads <= 0 || embed_dim % num_heads != 0)
                throw new ArgumentException($"embed_dim {embed_dim} must be a positive multiple of num_heads {num_heads}.");
            this.embed_dim = embed_dim; this.num_heads = num_heads;
            _qkv = torch.nn.Linear(embed_dim, 3 * embed_dim);
            _proj = torch.nn.Linear(embed_dim, embed_dim);
            RegisterComponents();
        }

        public long embed_dim { get; }
        public long num_heads { get; }

        public override Tensor forward(Tensor input)
        {
            if (input.dim() != 3 || input.size(2) != embed_dim)
                throw new ArgumentException($"MultiheadAttention expects (batch, tokens, {embed_dim}) but got [{string.Join(", ", input.shape)}].", nameof(input));
            long b = input.size(0), n = input.size(1), headDim = embed_dim / num_heads;
            // (b, n, 3, heads, hd) -> (3, b, heads, n, hd)
            var qkv = _qkv.call(input).reshape(b, n, 3, num_heads, headDim).permute(2, 0, 3, 1, 4);
            var q = qkv.select(0, 0) * (1.0 / Math.Sqrt(headDim));
            var k = qkv.select(0, 1);
            var v = qkv.select(0, 2);
            var attention = F.softmax(q.matmul(k.transpose(-2, -1)), -1);
            var context = attention.matmul(v).transpose(1, 2).reshape(b, n, embed_dim);
            return _proj.call(context);
        }
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static MultiheadAttention MultiheadAttention(long embed_dim, long num_heads) => new(embed_dim, num_heads);
        }
    }
}
