using VvsNotebook.Assemblies;
using VvsNotebook.Metrics.Behavior;
using VvsNotebook.Stimuli;

namespace VvsNotebook.Benchmarks.Public;

/// <summary>
/// The five public Brain-Score benchmarks of Gokce &amp; Schrimpf as definitions (data + metric + ceiling), built
/// from the BrainIO files once they are present (specs/brainscore-metrics.md §4-6). Names are the paper's
/// Brain-Score 1.x benchmark names, as in its results table.
/// </summary>
public static class PublicBenchmarks
{
    /// <summary>The model's field of view in degrees (Brain-Score's default, kept by the paper).</summary>
    public const double ModelVisualDegrees = 8;

    /// <param name="dataDir">Folder holding the BrainIO files (see <see cref="BrainScoreData"/>).</param>
    /// <param name="imageSize">Side the placed stimuli are resized to (e.g. 224), or null for their native size;
    /// 3200 HvM images at 256 px are 2.5 GB as floats, so callers usually pick the model's input size.</param>
    public static IReadOnlyList<IBenchmark> All(string dataDir, int? imageSize = null) =>
    [
        FreemanZiemba("V1", dataDir, imageSize), FreemanZiemba("V2", dataDir, imageSize), MajajHong("V4", dataDir, imageSize),
        MajajHong("IT", dataDir, imageSize), Rajalingham(dataDir, imageSize),
    ];

    public static NeuralBenchmark FreemanZiemba(string region, string dataDir, int? imageSize = null) => FreemanZiemba(region,
        BrainScoreData.Resolve(BrainScoreData.FreemanZiembaAssembly, dataDir),
        BrainScoreData.Resolve(BrainScoreData.FreemanZiembaStimuliCsv, dataDir), BrainScoreData.Resolve(BrainScoreData.FreemanZiembaStimuliZip, dataDir), imageSize);

    /// <summary>FreemanZiemba2013 public V1/V2: 1-ms bins averaged over 50-200 ms, 4-degree images on the 8-degree screen, stratified by texture_type.</summary>
    public static NeuralBenchmark FreemanZiemba(string region, string assemblyPath, string stimuliCsv, string stimuliImages, int? imageSize = null)
    {
        if (region is not ("V1" or "V2")) throw new ArgumentException($"FreemanZiemba2013 has V1 and V2, not '{region}'.");
        var avg = NeuroidAssembly.Load(assemblyPath).SelectNeuroids("region", region).MeanOverTimeWindow(50, 200).AverageRepetitions();
        return Neural($"movshon.FreemanZiemba2013public.{region}-pls", region, avg, "texture_type", stimuliCsv, stimuliImages, 4, imageSize);
    }

    public static NeuralBenchmark MajajHong(string region, string dataDir, int? imageSize = null) => MajajHong(region,
        BrainScoreData.Resolve(BrainScoreData.MajajHongAssembly, dataDir),
        BrainScoreData.Resolve(BrainScoreData.MajajHongStimuliCsv, dataDir), BrainScoreData.Resolve(BrainScoreData.MajajHongStimuliZip, dataDir), imageSize);

    /// <summary>MajajHong2015 public V4/IT: the single 70-170 ms bin, 8-degree images, stratified by object_name.</summary>
    public static NeuralBenchmark MajajHong(string region, string assemblyPath, string stimuliCsv, string stimuliImages, int? imageSize = null)
    {
        if (region is not ("V4" or "IT")) throw new ArgumentException($"MajajHong2015 has V4 and IT, not '{region}'.");
        var avg = NeuroidAssembly.Load(assemblyPath).SelectNeuroids("region", region).AverageRepetitions();
        return Neural($"dicarlo.MajajHong2015public.{region}-pls", region, avg, "object_name", stimuliCsv, stimuliImages, 8, imageSize);
    }

    private static NeuralBenchmark Neural(string id, string region, RepetitionAverage avg, string stratifyBy, string csv, string images, double sourceDegrees, int? imageSize)
    {
        var set = StimulusSet.Load(csv, images);
        var strat = avg.StimulusCoords.ContainsKey(stratifyBy) ? avg.Labels(stratifyBy) : set.Column(stratifyBy, avg.StimulusIds);
        var stimuli = Sized(ImageBatches.PlaceOnScreen(set.LoadImages(avg.StimulusIds), sourceDegrees, ModelVisualDegrees), imageSize);
        return new NeuralBenchmark(id, region, stimuli, avg.Responses, strat, avg.Trials, avg.TrialStimulus, avg.TrialRepetition);
    }

    public static BehavioralBenchmark Rajalingham(string dataDir, int? imageSize = null) => Rajalingham(
        BrainScoreData.Resolve(BrainScoreData.RajalinghamAssembly, dataDir),
        BrainScoreData.Resolve(BrainScoreData.RajalinghamStimuliCsv, dataDir), BrainScoreData.Resolve(BrainScoreData.RajalinghamStimuliZip, dataDir), imageSize);

    /// <summary>
    /// Rajalingham2018 public i2n: human match-to-sample trials (stimulus_id, sample_obj, dist_obj, choice); the
    /// readout is fit and tested on the same 2160 objectome.public images.
    /// </summary>
    public static BehavioralBenchmark Rajalingham(string assemblyPath, string stimuliCsv, string stimuliImages, int? imageSize = null)
    {
        var vars = NetCdfFile.ReadAll(assemblyPath);
        string[] Text(params string[] names) => names.Select(n => vars.TryGetValue(n, out var v) && v.IsText ? v.Strings : null).FirstOrDefault(s => s is not null)
            ?? throw new InvalidDataException($"{assemblyPath}: no text variable {string.Join(" or ", names)} (a Brain-Score behavioural assembly has stimulus_id, sample_obj, dist_obj and choice).");
        var stimulusIds = Text("stimulus_id", "image_id"); var sample = Text("sample_obj"); var distractor = Text("dist_obj");
        var choice = Text("choice", "__xarray_dataarray_variable__");
        var set = StimulusSet.Load(stimuliCsv, stimuliImages);
        var labels = set.Columns.ContainsKey("image_label") ? set.Column("image_label", set.Ids) : set.Column("object_name", set.Ids);
        var objects = labels.Concat(sample).Concat(distractor).Distinct().Order(StringComparer.Ordinal).ToArray();
        var objectIndex = objects.Select((o, i) => (o, i)).ToDictionary(t => t.o, t => t.i);
        var imageIndex = set.Ids.Select((s, i) => (s, i)).ToDictionary(t => t.s, t => t.i);
        var image = stimulusIds.Select((s, t) => imageIndex.TryGetValue(s, out var i) ? i
            : throw new InvalidDataException($"Trial {t} shows stimulus '{s}', which is not in the stimulus set.")).ToArray();
        for (var t = 0; t < image.Length; t++)
            if (sample[t] != labels[image[t]])
                throw new InvalidDataException($"Trial {t}: sample object '{sample[t]}' differs from the image's label '{labels[image[t]]}'.");
        var trials = new BehavioralTrials(image, distractor.Select(d => objectIndex[d]).ToArray(),
            choice.Select((c, t) => objectIndex.TryGetValue(c, out var i) ? i : throw new InvalidDataException($"Trial {t}: unknown choice '{c}'.")).ToArray());
        return new BehavioralBenchmark("dicarlo.Rajalingham2018public-i2n", Sized(set.LoadImages(set.Ids), imageSize), labels, objects, trials);
    }

    private static Activations.ImageBatch Sized(Activations.ImageBatch batch, int? side) =>
        side is { } s ? ImageBatches.Resize(batch, s, s) : batch;
}
