using TorchSharp.Modules;
using VvsNotebook.Training.Profiling;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Models;

/// <summary>
/// Multi-head self-attention over (batch, tokens, dim) as timm's ViT writes it: one <c>qkv</c> projection, scaled
/// dot-product attention per head, an output <c>proj</c> (so state names match timm checkpoints).
/// </summary>
public sealed class Attention : Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly long dim, heads;

    public Attention(long dim, long heads) : base(nameof(Attention))
    {
        if (heads <= 0 || dim % heads != 0)
            throw new ArgumentException($"The embedding dimension {dim} must be a positive multiple of the number of heads {heads}.");
        this.dim = dim; this.heads = heads;
        qkv = nn.Linear(dim, 3 * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3 || input.size(2) != dim)
            throw new ArgumentException($"Attention expects (batch, tokens, {dim}) but got [{string.Join(", ", input.shape)}].", nameof(input));
        long b = input.size(0), n = input.size(1), headDim = dim / heads;
        // (b, n, 3, heads, hd) -> (3, b, heads, n, hd)
        var parts = qkv.call(input).reshape(b, n, 3, heads, headDim).permute(2, 0, 3, 1, 4);
        var q = parts.select(0, 0) * (1.0 / Math.Sqrt(headDim));
        var k = parts.select(0, 1);
        var v = parts.select(0, 2);
        var attention = F.softmax(MacCounter.MatMul(q, k.transpose(-2, -1)), -1);
        var context = MacCounter.MatMul(attention, v).transpose(1, 2).reshape(b, n, dim);
        return proj.call(context);
    }
}
