using System.Text.RegularExpressions;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>
/// How a checkpoint's tensor names map onto the zoo's. The zoo already uses torchvision's and timm's names, so most
/// map to themselves; wrapper prefixes come off, and the two known layouts that differ are renamed.
/// </summary>
public static partial class StateNames
{
    /// <summary>Prefixes that every name carries (DataParallel's <c>module.</c>, torch.compile's <c>_orig_mod.</c>), outermost first.</summary>
    public static IReadOnlyList<string> CommonWrapperPrefixes(IReadOnlyCollection<string> names)
    {
        var stripped = new List<string>();
        var current = names.ToList();
        while (current.Count > 0 && StateDict.WrapperPrefixes.FirstOrDefault(p => current.All(n => n.StartsWith(p, StringComparison.Ordinal))) is { } prefix)
        {
            stripped.Add(prefix);
            current = current.Select(n => n[prefix.Length..]).ToList();
        }
        return stripped;
    }

    /// <summary>
    /// The zoo name for a checkpoint name the model lacks: timm's ViT puts the patch embedding's convolution in
    /// <c>patch_embed.proj</c>; the original CORnet-S sets its per-step norms (<c>V2.norm1_0</c>) on the block itself,
    /// where the zoo keeps them in <c>V2.norms</c>. Null when no rule applies.
    /// </summary>
    public static string? Alias(string name)
    {
        if (name.StartsWith("patch_embed.proj.", StringComparison.Ordinal)) return "patch_embed." + name["patch_embed.proj.".Length..];
        var cornet = CornetNorm().Match(name);
        return cornet.Success ? $"{cornet.Groups[1].Value}.norms.{cornet.Groups[2].Value}" : null;
    }

    [GeneratedRegex(@"^(V2|V4|IT)\.(norm[123]_\d+\..+)$")]
    private static partial Regex CornetNorm();
}
