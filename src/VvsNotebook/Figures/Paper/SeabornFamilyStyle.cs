namespace VvsNotebook.Figures;

/// <summary>
/// How the paper's seaborn plots with <c>hue</c> or <c>style = arch_family</c> (Figs. 4a, 4b, 6a, 6b) tell the families
/// apart: seaborn gives levels its palette's colours and its default markers in order of appearance, and the tables
/// come sorted by <c>model_id</c>, so the core set's families appear as AlexNet, ConvNeXt, CORnet-S, ViT (DeiT),
/// EfficientNet, ResNet. Colours are the paper's <c>models</c> palette in that order, so they differ from
/// <see cref="PaperStyle.Families"/> (Fig. 2b's explicit mapping) for ConvNeXt, AlexNet and CORnet-S.
/// </summary>
public static class SeabornFamilyStyle
{
    /// <summary>The six families of the core set in their order of appearance.</summary>
    public static IReadOnlyList<string> Families { get; } = ["AlexNet", "ConvNeXt", "CORnet-S", "ViT", "EfficientNet", "ResNet"];

    /// <summary>seaborn's first six default markers (o, X, diamond, P, square, four-pointed star) as Plotly symbols.</summary>
    public static IReadOnlyList<string> Markers { get; } = ["circle", "x", "diamond", "cross", "square", "star-diamond"];

    /// <summary>The paper's <c>models</c> palette (<c>visualization/src/utils/colors.py</c>), in the order seaborn uses it.</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#FDC5F5", "#F7AEF8", "#B388EB", "#8093F1", "#79b8f4", "#72DDF7"];

    /// <summary>The marker of a family; others get one of a few further symbols, by a stable hash of the name.</summary>
    public static string Symbol(string family) => Index(family) is var i && i >= 0 ? Markers[i] : OtherMarkers[(int)((uint)PaperStyle.StableHash(family) & int.MaxValue) % OtherMarkers.Count];

    /// <summary>The colour of a family; others fall back to <see cref="PaperStyle.FamilyColor"/>.</summary>
    public static string Color(string family) => Index(family) is var i && i >= 0 ? Palette[i] : PaperStyle.FamilyColor(family);

    private static readonly IReadOnlyList<string> OtherMarkers = ["triangle-up", "triangle-down", "pentagon", "hexagon", "star", "hourglass"];

    private static int Index(string family)
    {
        for (var i = 0; i < Families.Count; i++)
            if (Families[i] == family) return i;
        return -1;
    }
}
