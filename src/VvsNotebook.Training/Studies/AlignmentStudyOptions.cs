using VvsNotebook.Training.Alignment;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// The alignment study of Srivastava, Soni &amp; Khosla (seed 004) at a chosen scale: targets (reference @ layer) x a
/// signed alpha grid (0 = the plain baseline) x seeds, networks trained on a Fashion-MNIST subset with
/// L_total = alpha * L_alignment + beta * L_task, each scored by 5-fold validation alignment on held-out images.
/// The paper trained AlexNets on ImageNet (and NSD's COCO images) for 50-100 epochs at alpha in {1, 2, 4, 8}; the
/// defaults here are a small offline scale.
/// </summary>
public sealed record AlignmentStudyOptions
{
    /// <summary>
    /// What is aligned with what, <c>REFERENCE@LAYER</c>: the reference (<see cref="AlignmentReferences.Syntax"/>) and
    /// the trained network's layer. Defaults: the paper's Gabor-conv1, conv1-V1 and a late layer-IT (its FC1-VVS).
    /// </summary>
    public IReadOnlyList<string> Targets { get; init; } = ["gabor@conv1", "brain:V1@conv1", "brain:IT@conv4"];
    /// <summary>Signed alpha grid; must hold 0 (the baseline each degradation is relative to).</summary>
    public IReadOnlyList<double> Alphas { get; init; } = [-4, -2, -1, 0, 1, 2, 4];
    public double Beta { get; init; } = 1.0;
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1];
    /// <summary>Training alignment: "linear" (the paper's) or "cka". Validation reports both.</summary>
    public string Alignment { get; init; } = "linear";
    public double RidgeAlpha { get; init; } = 1.0;
    /// <summary>Folds of the training-batch alignment and of the validation alignment (the paper's 5).</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Spatial pooling of convolutional layers before alignment (<see cref="AlignmentFeatures"/>); 0 keeps every position.</summary>
    public int Grid { get; init; } = 4;
    /// <summary>At most this many values per pooled convolutional map (wide late layers pool to fewer positions, down to channel means).</summary>
    public int MaxFeatures { get; init; } = AlignmentFeatures.DefaultMaxFeatures;
    public string Arch { get; init; } = "rule_cnn";
    public double Width { get; init; } = 0.5;
    /// <summary>Training images per class (10 classes).</summary>
    public int SamplesPerClass { get; init; } = 200;
    /// <summary>Held-out Fashion-MNIST test images per class: validation accuracy, and validation alignment for image references.</summary>
    public int ValidationPerClass { get; init; } = 50;
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 100;
    public int AlignmentBatchSize { get; init; } = 100;
    /// <summary>Adam's learning rate (the paper's 1e-4 learns too slowly in a few epochs on a small subset; see <see cref="AlignmentTrainingOptions"/>).</summary>
    public double LearningRate { get; init; } = 1e-3;
    public int Threads { get; init; } = 2;

    /// <summary>The targets as (reference, layer) pairs.</summary>
    public IReadOnlyList<(string Reference, string Layer)> ParsedTargets => Targets.Select(Parse).ToList();

    public static (string Reference, string Layer) Parse(string target)
    {
        var at = target.LastIndexOf('@');
        if (at <= 0 || at == target.Length - 1)
            throw new ArgumentException($"Target '{target}' is not REFERENCE@LAYER (e.g. gabor@conv1, brain:IT@conv4); references: {AlignmentReferences.Syntax}.");
        var reference = target[..at];
        AlignmentReferences.CheckSyntax(reference);
        return (reference, target[(at + 1)..]);
    }

    public void Validate()
    {
        if (Targets.Count == 0) throw new ArgumentException("Give at least one target (--targets), e.g. gabor@conv1,brain:IT@conv4.");
        foreach (var t in Targets) Parse(t);
        if (Targets.Distinct().Count() != Targets.Count) throw new ArgumentException("A target is listed twice in --targets.");
        if (Alphas.Count == 0 || !Alphas.Contains(0)) throw new ArgumentException("--alphas must include 0: the plain-training baseline each degradation is measured from.");
        if (Alphas.Any(a => !double.IsFinite(a))) throw new ArgumentException("--alphas must be finite numbers.");
        if (Alphas.Distinct().Count() != Alphas.Count) throw new ArgumentException("An alpha is listed twice in --alphas.");
        if (Seeds.Count == 0) throw new ArgumentException("Give at least one seed (--seeds).");
        if (Seeds.Distinct().Count() != Seeds.Count) throw new ArgumentException("A seed is listed twice in --seeds.");
        if (SamplesPerClass < 1) throw new ArgumentException($"--samples-per-class must be at least 1 (got {SamplesPerClass}).");
        if (ValidationPerClass * 10 < 4 * Folds) throw new ArgumentException($"--validation-per-class must give at least {4 * Folds} images for {Folds}-fold validation alignment (got {ValidationPerClass} per class).");
        Training(0, 0, "conv1").Validate();
        if (SamplesPerClass * 10 < BatchSize) throw new ArgumentException($"--batch-size {BatchSize} is larger than the {SamplesPerClass * 10} training images; lower it or raise --samples-per-class.");
    }

    /// <summary>The training options of one network.</summary>
    public AlignmentTrainingOptions Training(double alpha, int seed, string layer) => new()
    {
        Arch = Arch, Width = Width, Layer = layer, Grid = Grid, MaxFeatures = MaxFeatures, Alpha = alpha, Beta = Beta, Measure = new AlignmentMeasure(Alignment, RidgeAlpha, Folds),
        Epochs = Epochs, BatchSize = BatchSize, AlignmentBatchSize = AlignmentBatchSize, LearningRate = LearningRate, Seed = seed, Threads = Threads,
    };
}
