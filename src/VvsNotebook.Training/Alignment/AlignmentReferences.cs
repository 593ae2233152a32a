using VvsNotebook.Brain;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// Reference names as the study, CLI and magic take them: <c>gabor</c>, <c>brain:ROI</c> (an ROI of the study's
/// brain set) and <c>net:PATH:LAYER</c> (a run folder or checkpoint, and its layer).
/// </summary>
public static class AlignmentReferences
{
    public const string Syntax = "gabor, brain:ROI (e.g. brain:V1) or net:PATH:LAYER (a vvs train run folder or PyTorch checkpoint, and its layer)";

    /// <summary>Checks the form of <paramref name="spec"/> without opening anything.</summary>
    public static void CheckSyntax(string spec)
    {
        if (spec == "gabor") return;
        if (spec.StartsWith("brain:", StringComparison.Ordinal) && spec.Length > "brain:".Length) return;
        if (spec.StartsWith("net:", StringComparison.Ordinal) && spec.LastIndexOf(':') > "net:".Length && !spec.EndsWith(':')) return;
        throw new ArgumentException($"Unknown reference '{spec}'; use {Syntax}.");
    }

    /// <param name="grid">Pooling of a reference network's convolutional layer, as the trained layer's (<see cref="AlignmentFeatures"/>).</param>
    public static IAlignmentReference Open(string spec, Func<BrainRoiSet>? brain, uint gaborSeed = 0, int grid = 4, int maxFeatures = AlignmentFeatures.DefaultMaxFeatures)
    {
        CheckSyntax(spec);
        if (spec == "gabor") return new GaborReference(gaborSeed);
        if (spec.StartsWith("brain:", StringComparison.Ordinal))
        {
            if (brain is null) throw new ArgumentException($"Reference {spec} needs a brain set (--brain).");
            return new BrainReference(brain(), spec["brain:".Length..]);
        }
        var colon = spec.LastIndexOf(':');
        return NetworkReference.Open(spec["net:".Length..colon], spec[(colon + 1)..], grid, maxFeatures);
    }
}
