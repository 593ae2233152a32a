using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Models;

/// <summary>
/// ViT (Dosovitskiy et al.; timm's layout and state names): patch embedding, class token, learned position
/// embedding, pre-norm transformer blocks, head on the class token. Patch 16 at 224, 4 on small inputs.
/// </summary>
public sealed class VisionTransformer : Module<Tensor, Tensor>
{
    private readonly Conv2d patch_embed;
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly Sequential blocks;
    private readonly LayerNorm norm;
    private readonly Linear head;
    private readonly long dim, tokens;

    /// <summary>The hidden (embedding) dimension.</summary>
    public long EmbedDim => dim;

    /// <summary>Tokens per image: the patches plus the class token (index 0).</summary>
    public long Tokens => tokens;

    /// <summary>Transformer blocks (named <c>blocks.0</c>, <c>blocks.1</c>, ...).</summary>
    public int Depth { get; }

    public VisionTransformer(ModelSpec spec, int embedDim, int depth, int heads, int mlpRatio = 4) : base(nameof(VisionTransformer))
    {
        var input = spec.InputShape;
        var patch = input.IsSmall ? 4 : 16;
        if (input.Size % patch != 0) throw new ArgumentException($"Image size {input.Size} is not a multiple of the patch size {patch}.");
        tokens = (input.Size / patch) * (input.Size / patch) + 1;
        dim = embedDim;
        Depth = depth;
        patch_embed = nn.Conv2d(input.Channels, embedDim, patch, patch);
        cls_token = new Parameter(torch.zeros(1, 1, embedDim));
        pos_embed = new Parameter(torch.zeros(1, tokens, embedDim));
        using (torch.no_grad())
        {
            nn.init.trunc_normal_(pos_embed, std: 0.02);
            nn.init.trunc_normal_(cls_token, std: 1e-6);
        }
        blocks = nn.Sequential(Enumerable.Range(0, depth).Select(_ => (Module<Tensor, Tensor>)new Block(embedDim, heads, mlpRatio)).ToArray());
        norm = nn.LayerNorm(embedDim, 1e-6);
        head = nn.Linear(embedDim, spec.NumClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = patch_embed.call(input).flatten(2).transpose(1, 2);
        var cls = cls_token.expand(x.size(0), -1, -1);
        x = torch.cat([cls, x], 1) + pos_embed;
        x = norm.call(blocks.call(x));
        return head.call(x.select(1, 0));
    }

    /// <summary>x + attn(norm1(x)), then x + mlp(norm2(x)).</summary>
    public sealed class Block : Module<Tensor, Tensor>
    {
        private readonly LayerNorm norm1, norm2;
        private readonly Attention attn;
        private readonly Sequential mlp;

        public Block(int dim, int heads, int mlpRatio) : base(nameof(Block))
        {
            norm1 = nn.LayerNorm(dim, 1e-6);
            attn = new Attention(dim, heads);
            norm2 = nn.LayerNorm(dim, 1e-6);
            mlp = nn.Sequential(("fc1", nn.Linear(dim, dim * mlpRatio)), ("act", nn.GELU()), ("fc2", nn.Linear(dim * mlpRatio, dim)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = input + attn.call(norm1.call(input));
            return x + mlp.call(norm2.call(x));
        }
    }
}
