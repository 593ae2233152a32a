using System.Globalization;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// The compute-optimal ViT encoding study of Ahmadi et al. (2024, seed 002) at a chosen scale: small ViTs (patch 4
/// on 28 x 28) over a grid of training-set sizes x hidden dimensions x depths x heads x precisions x seeds, trained
/// on class-balanced Fashion-MNIST subsets by the project's <see cref="Trainer"/>, their features mapped to every ROI of
/// a brain set by cross-validated ridge and scored by Pearson r per voxel. The paper trained VideoGPT on 10k to 6M
/// Shinobi frames with hidden dimensions 6 to 1024; the defaults here are a small, offline scale.
/// </summary>
public sealed record EncodingStudyOptions
{
    /// <summary>Training-set sizes as Fashion-MNIST images per class (10 classes).</summary>
    public IReadOnlyList<int> SamplesPerClass { get; init; } = [30, 100, 300, 1000];
    /// <summary>ViT hidden (embedding) dimensions; each must be a multiple of every entry of <see cref="Heads"/>.</summary>
    public IReadOnlyList<int> HiddenDims { get; init; } = [16, 32, 64, 128];
    /// <summary>Transformer blocks.</summary>
    public IReadOnlyList<int> Depths { get; init; } = [2];
    /// <summary>Attention heads.</summary>
    public IReadOnlyList<int> Heads { get; init; } = [2];
    /// <summary>fp32, bf16 (CPUs with AVX-512 BF16 or AMX, GPUs) and fp16 (GPUs: needs <see cref="Device"/> cuda).</summary>
    public IReadOnlyList<string> Precisions { get; init; } = [Precision.Fp32, Precision.Bf16];
    public IReadOnlyList<int> Seeds { get; init; } = [0];
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 64;
    /// <summary>AdamW's peak learning rate (linear warm-up over the first epoch's half, then cosine decay).</summary>
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 0.05;
    /// <summary>"adamw" or "sgd" (momentum 0.9), as <see cref="TrainingRecipe.Optimizer"/>.</summary>
    public string Optimizer { get; init; } = "adamw";
    /// <summary>Validation images: the first this-many of the Fashion-MNIST test set.</summary>
    public int ValidationImages { get; init; } = 1000;
    public int Threads { get; init; } = 2;
    /// <summary>null (the CPU) or cuda / cuda:N.</summary>
    public string? Device { get; init; }
    /// <summary>Where the features come from (<see cref="EncodingFeatures"/>): cls, mean, blocks.K or blocks.K:cls.</summary>
    public string Layer { get; init; } = EncodingFeatures.ClassToken;
    /// <summary>Outer cross-validation folds over the brain set's stimuli.</summary>
    public int Folds { get; init; } = 5;
    /// <summary>The first steps of every run, left out of the time per step (allocation and thread start-up).</summary>
    public int WarmupSteps { get; init; } = 3;

    /// <summary>Every (samples per class, hidden dim, depth, heads, precision, seed) the grid trains, in that nesting order.</summary>
    public IReadOnlyList<EncodingRunKey> Grid() =>
        (from d in SamplesPerClass from dim in HiddenDims from depth in Depths from h in Heads from p in Precisions from s in Seeds
         select new EncodingRunKey(d, dim, depth, h, p, s)).ToList();

    /// <summary>Checks every value, naming the option and the fix.</summary>
    public void Validate()
    {
        NonEmptyDistinct(SamplesPerClass, "--samples-per-class", "e.g. 30,100,300");
        NonEmptyDistinct(HiddenDims, "--hidden-dims", "e.g. 16,32,64");
        NonEmptyDistinct(Depths, "--depths", "e.g. 1,2");
        NonEmptyDistinct(Heads, "--heads", "e.g. 2");
        NonEmptyDistinct(Seeds, "--seeds", "e.g. 0-2");
        if (SamplesPerClass.Any(d => d < 1)) throw new ArgumentException("--samples-per-class: every size must be at least 1 image per class.");
        if (HiddenDims.Any(d => d < 1)) throw new ArgumentException("--hidden-dims: every hidden dimension must be at least 1.");
        if (Depths.Any(d => d < 1)) throw new ArgumentException("--depths: every depth must be at least 1 block.");
        if (Heads.Any(h => h < 1)) throw new ArgumentException("--heads: every number of heads must be at least 1.");
        if (Seeds.Any(s => s < 0)) throw new ArgumentException("--seeds: seeds must be 0 or more.");
        foreach (var dim in HiddenDims)
            foreach (var h in Heads)
                if (dim % h != 0)
                    throw new ArgumentException($"--hidden-dims {dim} is not a multiple of --heads {h}: a ViT splits its hidden dimension evenly over the heads. Choose heads that divide every hidden dimension.");
        if (Precisions.Count == 0) throw new ArgumentException("Give at least one precision (--precision), e.g. fp32,bf16.");
        if (Precisions.Distinct().Count() != Precisions.Count) throw new ArgumentException("A precision is listed twice in --precision.");
        foreach (var p in Precisions)
        {
            if (!Precision.Names.Contains(p)) throw new ArgumentException($"--precision: unknown precision '{p}'; use fp32, bf16 or fp16.");
            Precision.Validate(p, Device ?? "cpu");
        }
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1 (got {BatchSize}).");
        if (!(LearningRate > 0)) throw new ArgumentException($"--lr must be positive (got {LearningRate}).");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"--weight-decay must be 0 or more (got {WeightDecay}).");
        if (Optimizer is not ("adamw" or "sgd")) throw new ArgumentException($"--optimizer must be adamw or sgd (got '{Optimizer}').");
        if (ValidationImages < 1 || ValidationImages > 10_000) throw new ArgumentException($"--validation-images must be in [1, 10000] (got {ValidationImages}).");
        if (Threads < 1) throw new ArgumentException($"--threads must be at least 1 (got {Threads}).");
        if (Folds < 2) throw new ArgumentException($"--folds must be at least 2 (got {Folds}).");
        if (WarmupSteps < 0) throw new ArgumentException($"--warmup-steps must be 0 or more (got {WarmupSteps}).");
        EncodingFeatures.Parse(Layer);
        if (Device is not null) Runtime.TorchRuntime.Device(Device);
    }

    /// <summary>The trainer's recipe for these options (no augmentation: the stimuli are centred 28 x 28 images).</summary>
    public TrainingRecipe Recipe() => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, PeakLearningRate = LearningRate, WarmupEpochs = Math.Min(0.5, Epochs),
        WeightDecay = WeightDecay, Optimizer = Optimizer, Augment = false,
    };

    private static void NonEmptyDistinct(IReadOnlyList<int> values, string option, string example)
    {
        if (values.Count == 0) throw new ArgumentException($"Give at least one value for {option} ({example}).");
        if (values.Distinct().Count() != values.Count) throw new ArgumentException($"{option}: a value is listed twice.");
    }

    /// <summary>"0-4", "16,32,64" or a mix; anything else is an error naming the option and the bad part.</summary>
    public static IReadOnlyList<int> ParseList(string text, string option)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], CultureInfo.InvariantCulture, out var from) && int.TryParse(part[(dash + 1)..], CultureInfo.InvariantCulture, out var to) && from <= to)
                values.AddRange(Enumerable.Range(from, to - from + 1));
            else if (int.TryParse(part, CultureInfo.InvariantCulture, out var value)) values.Add(value);
            else throw new ArgumentException($"{option}: '{part}' is neither a number nor a range like 0-4.");
        }
        return values;
    }
}

/// <summary>One cell of the grid.</summary>
public sealed record EncodingRunKey(int SamplesPerClass, int HiddenDim, int Depth, int Heads, string Precision, int Seed)
{
    public override string ToString() => FormattableString.Invariant($"d={SamplesPerClass}/class dim {HiddenDim} depth {Depth} heads {Heads} {Precision} seed {Seed}");
}
