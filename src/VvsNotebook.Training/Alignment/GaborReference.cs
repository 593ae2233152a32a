using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// The Gabor oracle: the offline suite's V1 model, energies of its 108 complex cells
/// (<see cref="OfflinePopulations.V1Filters"/>: 12 orientations x 9 frequencies, as the paper's 12 x 9 bank; the
/// frequencies span 0.05-0.4 cycles/pixel, the Nyquist-limited part of the paper's 0.05-2.0, at 28 x 28).
/// Centres are drawn from <paramref name="seed"/> as the offline suite draws them.
/// </summary>
public sealed class GaborReference(uint seed = 0) : IAlignmentReference
{
    public GaborBank Bank { get; } = new(OfflinePopulations.V1Filters(new NumpyRandomState(seed)));

    public string Name => "gabor";

    public AlignmentStimuli? Stimuli => null;

    public Matrix<double> Features(ImageBatch images, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Bank.Energy(images);
    }

    public void Dispose() { }
}
