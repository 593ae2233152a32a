using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// What a network is aligned with. Image references (<see cref="Stimuli"/> null: the Gabor oracle, a frozen network)
/// give features for any images, so alignment is measured on the training batches themselves; a fixed stimulus set
/// with responses (brain data) has its own images, and alignment batches are drawn from those.
/// </summary>
public interface IAlignmentReference : IDisposable
{
    /// <summary>A short name for tables and run directories, e.g. <c>gabor</c>, <c>brain:V1</c>.</summary>
    string Name { get; }

    /// <summary>The reference's own stimuli and their responses (stimuli x features), or null for an image reference.</summary>
    AlignmentStimuli? Stimuli { get; }

    /// <summary>Reference features of <paramref name="images"/>, images x features (image references only).</summary>
    Matrix<double> Features(ImageBatch images, CancellationToken cancellationToken = default);
}

/// <summary>A fixed stimulus set and the reference's responses to it, stimuli x features.</summary>
public sealed record AlignmentStimuli(ImageBatch Images, Matrix<double> Responses)
{
    private readonly bool _checked = Responses.RowCount == Images.Count ? true
        : throw new ArgumentException($"{Responses.RowCount} response rows for {Images.Count} stimuli; give one row per stimulus.");
}
