using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Activations;

namespace VvsNotebook.Benchmarks.Sources;

/// <summary>The pixel baseline: one layer, <c>pixels</c>, the flattened image.</summary>
public sealed class PixelSource : IActivationSource
{
    public string ModelId => "pixels";
    public IReadOnlyList<string> LayerNames { get; } = ["pixels"];

    public IReadOnlyDictionary<string, Matrix<double>> GetActivations(ImageBatch images, IReadOnlyList<string> layers, CancellationToken cancellationToken = default)
    {
        foreach (var l in layers)
            if (l != "pixels") throw new ArgumentException($"The pixel source has only the layer 'pixels', not '{l}'.");
        var size = images.ImageSize;
        return new Dictionary<string, Matrix<double>>
        {
            ["pixels"] = DenseMatrix.Create(images.Count, size, (i, j) => images.Pixels[i * size + j]),
        };
    }
}
