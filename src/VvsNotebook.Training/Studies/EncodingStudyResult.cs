using System.Globalization;
using System.Text.Json.Serialization;
using VvsNotebook.Display;
using VvsNotebook.Metrics;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// Encoding accuracy of one network in one ROI: Pearson r of out-of-fold ridge predictions per voxel, pooled over
/// the subjects' voxels (<see cref="Voxels"/>); <see cref="NormalizedMedianR"/> divides the median by the ROI's
/// split-half ceiling (<see cref="EncodingCeiling"/>).
/// </summary>
public sealed record RoiEncoding(string Roi, int Voxels, double MeanR, double MedianR, double NormalizedMedianR);

/// <summary>
/// The ROI's reliability as an encoding ceiling: per subject Brain-Score's split-half consistency (Spearman-Brown
/// corrected, median over voxels), averaged over subjects; NaN when the responses have a single repetition.
/// </summary>
public sealed record EncodingCeiling(string Roi, double Ceiling);

/// <summary>
/// One step of a run's training curve (step counted from 1 over the run): that batch's loss and accuracy, and the
/// running means of the epoch so far as the trainer reports them.
/// </summary>
public sealed record TrainingStep(long Step, int Epoch, double Loss, double Accuracy, double EpochMeanLoss, double EpochMeanAccuracy);

/// <summary>
/// What the study adds to a trainer run (<c>encoding-run.json</c>, written last: its presence marks a run the study
/// finished): wall-clock training seconds (set-up, every epoch's validation and checkpoint included), the median and
/// mean wall-clock seconds per step over the timed steps (every step after the first
/// <see cref="EncodingStudyOptions.WarmupSteps"/>, except each epoch's first, whose interval spans validation and
/// checkpointing) and the per-step training curve. The median is the headline: on a shared machine a few steps
/// stalled by other processes move the mean, not the median.
/// </summary>
public sealed record EncodingRunRecord(double TrainingSeconds, double SecondsPerStep, double MeanSecondsPerStep, int TimedSteps, IReadOnlyList<TrainingStep> Steps);

/// <summary>
/// One trained network of the grid: its configuration, size (parameters) and compute (forward MACs and FLOPs per
/// image, training FLOPs = 3 x FLOPs x images seen), training cost (wall-clock seconds; median and mean seconds per
/// step, see <see cref="EncodingRunRecord"/>), validation accuracy and encoding per ROI.
/// </summary>
public sealed record EncodingRow(
    string Run,
    int SamplesPerClass,
    int Images,
    int HiddenDim,
    int Depth,
    int Heads,
    long Parameters,
    long MacsPerImage,
    long FlopsPerImage,
    double TrainingFlops,
    string Precision,
    int Seed,
    double TrainingSeconds,
    double SecondsPerStep,
    double MeanSecondsPerStep,
    double ValidationAccuracy,
    double ValidationLoss,
    double TrainLoss,
    IReadOnlyList<RoiEncoding> Encoding)
{
    /// <summary>This network's encoding in <paramref name="roi"/>.</summary>
    public RoiEncoding At(string roi) => Encoding.FirstOrDefault(e => e.Roi == roi)
        ?? throw new KeyNotFoundException($"No encoding for ROI '{roi}'; ROIs: {string.Join(", ", Encoding.Select(e => e.Roi))}.");

    /// <summary>Mean over ROIs of the mean r.</summary>
    [JsonIgnore]
    public double MeanR => Encoding.Average(e => e.MeanR);

    [JsonIgnore]
    public EncodingRunKey Key => new(SamplesPerClass, HiddenDim, Depth, Heads, Precision, Seed);
}

/// <summary>Per-ROI mean r of the fp32 network and its reduced-precision twin.</summary>
public sealed record RoiPrecisionDifference(string Roi, double MeanRFp32, double MeanRLow, double Difference);

/// <summary>
/// One network trained twice, fp32 and <see cref="Precision"/> (bf16 or fp16), everything else equal: time per step
/// and training time side by side (<see cref="StepTimeRatio"/> = low / fp32; the seed paper's 16-bit took 1/1.17 of
/// the 32-bit time), validation accuracy and encoding r.
/// </summary>
public sealed record PrecisionComparison(
    int SamplesPerClass, int HiddenDim, int Depth, int Heads, int Seed, string Precision,
    double SecondsPerStepFp32, double SecondsPerStepLow, double TrainingSecondsFp32, double TrainingSecondsLow,
    double ValidationAccuracyFp32, double ValidationAccuracyLow, IReadOnlyList<RoiPrecisionDifference> Rois)
{
    public double StepTimeRatio => SecondsPerStepLow / SecondsPerStepFp32;

    /// <summary>Share of the fp32 time per step saved (negative when the low precision is slower).</summary>
    public double TimeSaved => 1 - StepTimeRatio;

    /// <summary>Mean over ROIs of the mean-r difference (low - fp32).</summary>
    public double MeanRDifference => Rois.Average(r => r.Difference);
}

/// <summary>
/// The encoding study's results: one row per trained network (every quantity the seed plots), the precision pairs,
/// the ROI ceilings, per-run curves (per step and per epoch) and the run time.
/// </summary>
public sealed record EncodingStudyResult(
    EncodingStudyOptions Options,
    string BrainSet,
    IReadOnlyList<string> Rois,
    IReadOnlyList<EncodingRow> Rows,
    IReadOnlyList<PrecisionComparison> PrecisionComparisons,
    IReadOnlyList<EncodingCeiling> Ceilings,
    IReadOnlyDictionary<string, IReadOnlyList<TrainingStep>> StepCurves,
    IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> EpochCurves,
    int TrainedRuns,
    double Seconds) : IMimeRenderable
{
    /// <summary>The row of one grid cell.</summary>
    public EncodingRow Row(EncodingRunKey key) => Rows.FirstOrDefault(r => r.Key == key)
        ?? throw new KeyNotFoundException($"No run {key} in the study.");

    /// <summary>Mean over the pairs of one low precision of the time-per-step ratio (low / fp32); NaN without pairs.</summary>
    public double MeanStepTimeRatio(string precision = Loop.Precision.Bf16) =>
        PrecisionComparisons.Where(p => p.Precision == precision).Select(p => p.StepTimeRatio).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Mean over the pairs of one low precision of the mean-r difference (low - fp32); NaN without pairs.</summary>
    public double MeanRDifference(string precision = Loop.Precision.Bf16) =>
        PrecisionComparisons.Where(p => p.Precision == precision).Select(p => p.MeanRDifference).DefaultIfEmpty(double.NaN).Average();

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle(
        $"ViT encoding study on {BrainSet}: {Rows.Count} networks, features '{Options.Layer}', {Options.Folds}-fold ridge, mean r (median r) per ROI",
        ["images", "dim", "depth", "heads", "params", "MACs", "precision", "seed", "train s", "median s/step", "val acc", .. Rois],
        Rows.Select(r => (IReadOnlyList<string>)[
            r.Images.ToString(CultureInfo.InvariantCulture), r.HiddenDim.ToString(CultureInfo.InvariantCulture), r.Depth.ToString(CultureInfo.InvariantCulture),
            r.Heads.ToString(CultureInfo.InvariantCulture), r.Parameters.ToString("N0", CultureInfo.InvariantCulture), r.MacsPerImage.ToString("N0", CultureInfo.InvariantCulture),
            r.Precision, r.Seed.ToString(CultureInfo.InvariantCulture), r.TrainingSeconds.ToString("F1", CultureInfo.InvariantCulture),
            r.SecondsPerStep.ToString("0.0000", CultureInfo.InvariantCulture), r.ValidationAccuracy.ToString("F3", CultureInfo.InvariantCulture),
            .. Rois.Select(roi => { var e = r.At(roi); return string.Create(CultureInfo.InvariantCulture, $"{e.MeanR:F3} ({e.MedianR:F3})"); })]));
}
