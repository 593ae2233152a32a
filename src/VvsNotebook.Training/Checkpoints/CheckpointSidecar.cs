using System.Text.Json;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>Per-channel input normalisation, <c>(x - mean) / std</c> on pixel values in [0, 1] (torchvision's <c>Normalize</c>).</summary>
public sealed record ChannelNormalization(float[] Mean, float[] Std);

/// <summary>
/// The JSON written beside an exported state dict (<c>model.pt</c> -> <c>model.json</c>): what a Python user needs to
/// rebuild the model and feed it (architecture, width, depth, input, classes, normalisation), and the run's result
/// (N, D, C, accuracy) so its benchmark rows keep them. <c>vvs benchmark --checkpoint</c> reads it back.
/// </summary>
public sealed record CheckpointSidecar
{
    public const string CurrentFormat = "vvsnotebook.state_dict/1";

    public string Format { get; init; } = CurrentFormat;
    /// <summary>The id its benchmark rows carry (a run's name).</summary>
    public required string ModelId { get; init; }
    public required string Arch { get; init; }
    public double Width { get; init; } = 1.0;
    public int? Depth { get; init; }
    public required InputShape Input { get; init; }
    public required int NumClasses { get; init; }
    public IReadOnlyList<string>? Classes { get; init; }
    public required ChannelNormalization Normalization { get; init; }
    public string Preprocessing { get; init; } =
        "Pixels in [0, 1] are rounded to 8-bit values x (grey models see the channel mean); images at least twice the input side are " +
        "box-filtered by the integer shrink factor, then all are resized bilinearly (align_corners=False, no antialias) to the " +
        "input side; then x / 255 and (x - mean) / std per channel.";
    /// <summary>The state dict's file name, beside this file.</summary>
    public required string StateDict { get; init; }
    public int Tensors { get; init; }
    public long Parameters { get; init; }
    /// <summary>The training run's result.json, when the weights come from one.</summary>
    public TrainingResult? Training { get; init; }

    /// <summary>What <see cref="ModelZoo.Create"/> builds for these weights.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ModelSpec Spec => new(Arch, Width, Depth, Input, NumClasses);

    /// <summary>The sidecar's file for a checkpoint: the same name with <c>.json</c>.</summary>
    public static string PathFor(string checkpoint)
    {
        if (Path.GetExtension(checkpoint).Equals(".json", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The checkpoint {checkpoint} would share its name with its JSON sidecar; give it another extension (.pt).");
        return Path.ChangeExtension(checkpoint, ".json");
    }

    /// <summary>The sidecar beside <paramref name="checkpoint"/>, or null when there is none.</summary>
    public static CheckpointSidecar? TryRead(string checkpoint)
    {
        var path = PathFor(checkpoint);
        if (!File.Exists(path)) return null;
        CheckpointSidecar sidecar;
        try { sidecar = RunFiles.ReadJson<CheckpointSidecar>(path); }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not a checkpoint sidecar: {e.Message}", e); }
        if (sidecar.Format != CurrentFormat) throw new InvalidDataException($"{path} has format '{sidecar.Format}'; this version reads '{CurrentFormat}'.");
        return sidecar;
    }

    public void Write(string path) => RunFiles.WriteJson(path, this);
}
