using System.Globalization;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Loop;

/// <summary>Everything that determines a run's result: model, data subset, seed, recipe and thread count.</summary>
public sealed record RunConfig
{
    public required ModelSpec Model { get; init; }
    public string Dataset { get; init; } = "fashion-mnist";
    /// <summary>d, images per class; null trains on every image.</summary>
    public int? SamplesPerClass { get; init; }
    public int Seed { get; init; }
    public TrainingRecipe Recipe { get; init; } = TrainingRecipe.Paper;
    /// <summary>libtorch intra-op threads; part of the config because results are bit-identical only for the same count.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Validate on the first this-many test images (null: all 10,000).</summary>
    public int? ValidationImages { get; init; }
    /// <summary>null for the CPU (so "cpu" is stored as null), or "cuda"/"cuda:N". Part of the config: results are bit-identical only on one device.</summary>
    public string? Device { get; init => field = value is null || value.Equals("cpu", StringComparison.OrdinalIgnoreCase) ? null : value.ToLowerInvariant(); }
    /// <summary>"fp32" (null), "bf16" (CPUs with AVX-512 BF16 or AMX, and GPUs) or "fp16" (GPUs), see <see cref="Loop.Precision"/>.</summary>
    public string? Precision { get; init => field = value is null || value.Equals(Loop.Precision.Fp32, StringComparison.OrdinalIgnoreCase) ? null : value.ToLowerInvariant(); }

    [System.Text.Json.Serialization.JsonIgnore]
    public string DeviceName => Device ?? "cpu";

    [System.Text.Json.Serialization.JsonIgnore]
    public string PrecisionName => Precision ?? Loop.Precision.Fp32;

    /// <summary>
    /// Directory name of the run, e.g. <c>resnet18_w0.25_fashion-mnist_d10_s0</c>; a bf16/fp16 run ends in
    /// <c>_bf16</c>/<c>_fp16</c>, so it never lands in (and is refused by) the fp32 run's directory.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"{Model.Id}_{Dataset}_d{(SamplesPerClass is { } d ? d.ToString(CultureInfo.InvariantCulture) : "all")}_s{Seed}{(Precision is { } p ? "_" + p : "")}");

    public RunConfig Validate()
    {
        Recipe.Validate();
        if (Dataset != "fashion-mnist") throw new ArgumentException($"Unknown dataset '{Dataset}'; available: fashion-mnist.");
        if (SamplesPerClass is < 1) throw new ArgumentException($"Samples per class must be at least 1 (got {SamplesPerClass}).");
        if (Threads < 1) throw new ArgumentException($"Threads must be at least 1 (got {Threads}).");
        if (ValidationImages is < 1) throw new ArgumentException($"Validation images must be at least 1 (got {ValidationImages}).");
        // A GPU is resolved here, so a config that names one this build or machine lacks fails before any run starts.
        if (Device is not null) Runtime.TorchRuntime.Device(Device);
        Loop.Precision.Validate(PrecisionName, DeviceName);
        return this;
    }
}
