namespace VvsNotebook.Training.Checkpoints;

/// <summary>
/// What <see cref="PyTorchCheckpoint.LoadInto(TorchSharp.torch.nn.Module, string, bool)"/> did: how many tensors it
/// copied, which names it renamed or left at their initial value, and (non-strict loads) what it skipped.
/// </summary>
public sealed record CheckpointLoadReport
{
    public required string Checkpoint { get; init; }

    /// <summary>The top-level key that held the weights, "" for a plain state dict.</summary>
    public required string Location { get; init; }

    public required IReadOnlyList<string> StrippedPrefixes { get; init; }

    public required int Loaded { get; init; }

    /// <summary>Checkpoint name -> zoo name, for names loaded through <see cref="StateNames.Alias"/>.</summary>
    public required IReadOnlyDictionary<string, string> Renamed { get; init; }

    /// <summary>BatchNorm step counters the checkpoint lacks (checkpoints from before PyTorch 0.4.1), left at 0 as PyTorch does.</summary>
    public required IReadOnlyList<string> Defaulted { get; init; }

    public IReadOnlyList<string> Missing { get; init; } = [];
    public IReadOnlyList<string> Unexpected { get; init; } = [];
    public IReadOnlyList<ShapeMismatch> ShapeMismatches { get; init; } = [];

    public override string ToString() =>
        $"{Loaded} tensors from {Checkpoint}{(Location.Length > 0 ? $" ['{Location}']" : "")}" +
        (StrippedPrefixes.Count > 0 ? $", prefix {string.Concat(StrippedPrefixes)} removed" : "") +
        (Renamed.Count > 0 ? $", {Renamed.Count} renamed" : "") +
        (Missing.Count + Unexpected.Count + ShapeMismatches.Count > 0 ? $"; skipped: {Missing.Count} missing, {Unexpected.Count} unexpected, {ShapeMismatches.Count} of another shape" : "");
}
