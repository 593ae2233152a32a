using System.Collections.Concurrent;
using VvsNotebook.Activations;
using VvsNotebook.Display;
using VvsNotebook.Metrics;
using VvsNotebook.Metrics.Ceilings;
using VvsNotebook.Metrics.Similarity;

namespace VvsNotebook.Brain;

/// <summary>
/// Responses of several subjects in several ROIs to one stimulus set. <paramref name="Stimuli"/> holds the images in
/// the order of <paramref name="StimulusIds"/> (null when the images are not distributed with the responses, as for
/// THINGS-fMRI without the THINGS images); <paramref name="Rois"/> are in hierarchy order.
/// </summary>
public sealed record BrainRoiSet(string Name, ImageBatch? Stimuli, IReadOnlyList<string> StimulusIds, IReadOnlyList<string> Categories,
    IReadOnlyList<string> Rois, IReadOnlyList<string> Subjects, IReadOnlyList<RoiResponses> Responses) : IMimeRenderable
{
    private readonly bool _checked = Check(Name, Stimuli, StimulusIds, Categories, Rois, Subjects, Responses);
    private readonly ConcurrentDictionary<(string, string, RdmDistance), Rdm> _rdms = new();

    public int StimulusCount => StimulusIds.Count;

    /// <summary>The responses of <paramref name="subject"/> in <paramref name="roi"/>.</summary>
    public RoiResponses Get(string subject, string roi) =>
        Responses.FirstOrDefault(r => r.Subject == subject && r.Roi == roi)
        ?? throw new KeyNotFoundException($"{Name} has no responses of subject '{subject}' in ROI '{roi}'. Subjects: {string.Join(", ", Subjects)}; ROIs: {string.Join(", ", Rois)}.");

    /// <summary>The RDM of the subject's trial-averaged responses (cached).</summary>
    public Rdm SubjectRdm(string subject, string roi, RdmDistance distance = RdmDistance.Correlation) =>
        _rdms.GetOrAdd((subject, roi, distance), k => Rdm.FromResponses(Get(k.Item1, k.Item2).Averaged(StimulusCount), k.Item3));

    /// <summary>
    /// The group RDM: the mean of the subjects' RDMs. Subjects' voxels do not correspond, so responses cannot be
    /// averaged across subjects; the mean RDM is also what the noise ceiling's upper bound compares with.
    /// </summary>
    public Rdm GroupRdm(string roi, RdmDistance distance = RdmDistance.Correlation) =>
        Rdm.Mean(Subjects.Select(s => SubjectRdm(s, roi, distance)).ToArray());

    /// <summary>Split-half reliability of one subject's RDM in <paramref name="roi"/>.</summary>
    public RdmSplitHalfResult SplitHalfReliability(string subject, string roi, RdmReliability? reliability = null)
    {
        var r = Get(subject, roi);
        return (reliability ?? new RdmReliability()).SplitHalf(r.Trials, r.Stimulus, r.Repetition);
    }

    /// <summary>Nili et al.'s noise ceiling and inter-subject consistency of <paramref name="roi"/>'s subject RDMs.</summary>
    public RdmNoiseCeiling NoiseCeiling(string roi, RdmDistance distance = RdmDistance.Correlation) =>
        RdmReliability.NoiseCeiling(Subjects.Select(s => SubjectRdm(s, roi, distance)).ToArray());

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle(
        $"{Name}: {StimulusCount} stimuli, {Categories.Distinct().Count()} categories, {Subjects.Count} subjects (voxels, trials)",
        ["ROI", .. Subjects],
        Rois.Select(roi => (IReadOnlyList<string>)[roi, .. Subjects.Select(s => { var r = Get(s, roi); return $"{r.Voxels} vox, {r.Trials.RowCount} trials"; })]));

    private static bool Check(string name, ImageBatch? stimuli, IReadOnlyList<string> ids, IReadOnlyList<string> categories,
        IReadOnlyList<string> rois, IReadOnlyList<string> subjects, IReadOnlyList<RoiResponses> responses)
    {
        if (ids.Count < 3) throw new ArgumentException($"{name}: an RDM needs at least 3 stimuli; got {ids.Count}.");
        if (categories.Count != ids.Count) throw new ArgumentException($"{name}: {categories.Count} categories for {ids.Count} stimuli; give one category per stimulus.");
        if (stimuli is not null && stimuli.Count != ids.Count)
            throw new ArgumentException($"{name}: {stimuli.Count} images for {ids.Count} stimulus ids; the images must be the stimuli in id order.");
        foreach (var s in subjects)
            foreach (var roi in rois)
            {
                var r = responses.Where(x => x.Subject == s && x.Roi == roi).ToArray();
                if (r.Length != 1) throw new ArgumentException($"{name}: {r.Length} response blocks for subject '{s}' in ROI '{roi}'; exactly one is needed.");
                if (r[0].Stimulus.Count != r[0].Trials.RowCount || r[0].Repetition.Count != r[0].Trials.RowCount)
                    throw new ArgumentException($"{name}: {s}/{roi} has {r[0].Trials.RowCount} trials but {r[0].Stimulus.Count} stimulus and {r[0].Repetition.Count} repetition ids.");
            }
        return true;
    }
}
