using VvsNotebook.Torch;
using VvsNotebook.Torch.Modules;
using static VvsNotebook.Torch.torch;

namespace VvsNotebook.Training.Models;

/// <summary>
/// ViT (Dosovitskiy et al.; timm's layout and state names): patch embedding, class token, learned position
/// embedding, pre-norm transformer blocks, head on the class token. Patch 16 at 224, 4 on small inputs.
/// </summary>
public sealed class VisionTransformer : Module<Tensor, Tensor>
{
    private readonly Conv2d _patch_embed;
    private readonly Parameter _cls_token;
    private readonly Parameter _pos_embed;
    private readonly Sequential _blocks;
    private readonly LayerNorm _norm;
    private readonly Linear _head;
    private readonly long _dim;

    public VisionTransformer(ModelSpec spec, int embedDim, int depth, int heads, int mlpRatio = 4) : base(nameof(VisionTransformer))
    {
        var input = spec.InputShape;
        var patch = input.IsSmall ? 4 : 16;
        if (input.Size % patch != 0) throw new ArgumentException($"Image size {input.Size} is not a multiple of the patch size {patch}.");
        var tokens = (input.Size / patch) * (input.Size / patch) + 1;
        _dim = embedDim;
        _patch_embed = nn.Conv2d(input.Channels, embedDim, patch, patch);
        using (var cls = torch.zeros([1, 1, embedDim])) _cls_token = new Parameter(cls);
        using (var pos = torch.zeros([1, tokens, embedDim])) _pos_embed = new Parameter(pos);
        nn.init.trunc_normal_(_pos_embed, 0.02);
        nn.init.trunc_normal_(_cls_token, 1e-6);
        _blocks = nn.Sequential(Enumerable.Range(0, depth).Select(_ => (Module<Tensor, Tensor>)new Block(embedDim, heads, mlpRatio)).ToArray());
        _norm = nn.LayerNorm(embedDim, 1e-6);
        _head = nn.Linear(embedDim, spec.NumClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = _patch_embed.call(input).flatten(2).transpose(1, 2);
        var cls = _cls_token.expand(x.size(0), -1, -1);
        x = torch.cat([cls, x], 1) + _pos_embed;
        x = _norm.call(_blocks.call(x));
        return _head.call(x.select(1, 0));
    }

    /// <summary>x + attn(norm1(x)), then x + mlp(norm2(x)).</summary>
    public sealed class Block : Module<Tensor, Tensor>
    {
        private readonly LayerNorm _norm1, _norm2;
        private readonly MultiheadAttention _attn;
        private readonly Sequential _mlp;

        public Block(int dim, int heads, int mlpRatio) : base(nameof(Block))
        {
            _norm1 = nn.LayerNorm(dim, 1e-6);
            _attn = nn.MultiheadAttention(dim, heads);
            _norm2 = nn.LayerNorm(dim, 1e-6);
            _mlp = nn.Sequential(("fc1", nn.Linear(dim, dim * mlpRatio)), ("act", nn.GELU()), ("fc2", nn.Linear(dim * mlpRatio, dim)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = input + _attn.call(_norm1.call(input));
            return x + _mlp.call(_norm2.call(x));
        }
    }
}
