using MathNet.Numerics.LinearAlgebra;

namespace VvsNotebook.Activations;

/// <summary>
/// A model as the metrics see it: images in, one flattened (images x features) matrix per named layer out.
/// Trained torch models implement it; so can any other feature extractor (a Gabor bank, pixels).
/// </summary>
public interface IActivationSource
{
    /// <summary>Identifier used in results tables (the <c>model_id</c> column).</summary>
    string ModelId { get; }

    /// <summary>Layers that can be read, in forward order.</summary>
    IReadOnlyList<string> LayerNames { get; }

    /// <summary>Row i of each matrix is image i of <paramref name="images"/>, flattened in C order.</summary>
    IReadOnlyDictionary<string, Matrix<double>> GetActivations(
        ImageBatch images, IReadOnlyList<string> layers, CancellationToken cancellationToken = default);
}
