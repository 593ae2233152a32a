using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Brain;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// Brain responses as a reference: the trial-averaged responses of one ROI of a <see cref="BrainRoiSet"/> to its own
/// stimuli, the subjects' voxels side by side (subjects' voxels do not correspond, so they are not averaged).
/// </summary>
public sealed class BrainReference : IAlignmentReference
{
    public BrainReference(BrainRoiSet brain, string roi, IReadOnlyList<string>? subjects = null)
    {
        if (!brain.Rois.Contains(roi)) throw new ArgumentException($"The brain set {brain.Name} has no ROI '{roi}'; its ROIs: {string.Join(", ", brain.Rois)}.");
        var images = brain.Stimuli ?? throw new ArgumentException($"The brain set {brain.Name} carries no stimulus images, which the network must see; load it with its images.");
        var chosen = subjects ?? brain.Subjects;
        var blocks = chosen.Select(s => brain.Get(s, roi).Averaged(brain.StimulusCount)).ToArray();
        var responses = Matrix<double>.Build.Dense(brain.StimulusCount, blocks.Sum(b => b.ColumnCount));
        var column = 0;
        foreach (var b in blocks) { responses.SetSubMatrix(0, column, b); column += b.ColumnCount; }
        Brain = brain.Name; Roi = roi;
        Stimuli = new AlignmentStimuli(images, responses);
    }

    public string Brain { get; }

    public string Roi { get; }

    public string Name => $"brain:{Roi}";

    public AlignmentStimuli? Stimuli { get; }

    public Matrix<double> Features(ImageBatch images, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"{Name} has responses only to its own {Stimuli!.Images.Count} stimuli; draw alignment batches from Stimuli.");

    public void Dispose() { }
}
