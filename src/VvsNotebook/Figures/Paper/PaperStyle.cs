namespace VvsNotebook.Figures;

/// <summary>
/// The paper's colours (those the figure map lists from the original plotting code), so a reproduced panel reads like
/// the printed one; where the map names no colour (regions, AlexNet, CORnet-S, other families) these are ours.
/// </summary>
public static class PaperStyle
{
    /// <summary>Neural alignment (Fig. 1b, 2a): turquoise.</summary>
    public const string Neural = "#40E0D0";
    /// <summary>Behavioural alignment (Fig. 1b, 2a): dark cyan.</summary>
    public const string Behavior = "#008b8b";
    /// <summary>The single parameter-scaling fit (Fig. 2c).</summary>
    public const string ParameterFit = "#023e8a";
    /// <summary>Fig. 5: Group 1 ("strong prior": ResNet, EfficientNet, CORnet-S, AlexNet).</summary>
    public const string Group1 = "#FDC5F5";
    /// <summary>Fig. 5: Group 2 ("weak prior": ConvNeXt, ViT).</summary>
    public const string Group2 = "#72DDF7";

    /// <summary>Per-family colours: ResNet, EfficientNet, ConvNeXt and ViT as Fig. 2b; AlexNet and CORnet-S ours.</summary>
    public static IReadOnlyDictionary<string, string> Families { get; } = new Dictionary<string, string>
    {
        ["ResNet"] = "#72DDF7",
        ["EfficientNet"] = "#79b8f4",
        ["ConvNeXt"] = "#B388EB",
        ["ViT"] = "#8093F1",
        ["AlexNet"] = "#F7AEF8",
        ["CORnet-S"] = "#FDC5F5",
    };

    /// <summary>Per-region colours (bars of Fig. 5b, 6c; the evolution panels); ours, the paper's palette is not listed.</summary>
    public static IReadOnlyDictionary<string, string> Regions { get; } = new Dictionary<string, string>
    {
        ["V1"] = "#72DDF7",
        ["V2"] = "#79b8f4",
        ["V4"] = "#8093F1",
        ["IT"] = "#B388EB",
        ["Behavioral"] = "#F7AEF8",
        ["Avg"] = "#023e8a",
    };

    /// <summary>The five benchmark regions in the paper's order.</summary>
    public static IReadOnlyList<string> RegionOrder { get; } = ["V1", "V2", "V4", "IT", "Behavioral"];

    /// <summary>The colour of a family (<see cref="Families"/>), or a stable one from a qualitative palette for others.</summary>
    public static string FamilyColor(string family) => Families.TryGetValue(family, out var c)
        ? c
        : Qualitative[(int)((uint)StableHash(family) % Qualitative.Count)];

    /// <summary>A qualitative palette for categories the paper does not colour (pretrained families, datasets).</summary>
    public static IReadOnlyList<string> Qualitative { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>A hash of a name that is the same in every process (string.GetHashCode is randomised per process).</summary>
    internal static int StableHash(string s) => s.Aggregate(17, (h, ch) => unchecked(h * 31 + ch));
}
