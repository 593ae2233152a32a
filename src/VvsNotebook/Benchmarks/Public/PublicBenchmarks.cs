using VvsNotebook.Assemblies;
using VvsNotebook.Manifests;
using VvsNotebook.Metrics.Behavior;
using VvsNotebook.Stimuli;

namespace VvsNotebook.Benchmarks.Public;

/// <summary>
/// The five public Brain-Score benchmarks of Gokce &amp; Schrimpf as definitions (data + metric + ceiling), built
/// from the BrainIO files once they are present (specs/brainscore-metrics.md §4-6). Names are the paper's
/// Brain-Score 1.x benchmark names, as in its results table. The files (identifiers, pinned URLs, sha1) are listed in
/// the <c>brainscore-*</c> data manifests and found by a <see cref="DataResolver"/>: data directory
/// (<c>--data-dir</c>/<c>VVS_DATA</c>, under <c>brainscore/</c>), download cache, or a verified download.
/// </summary>
public static class PublicBenchmarks
{
    /// <summary>The model's field of view in degrees (Brain-Score's default, kept by the paper).</summary>
    public const double ModelVisualDegrees = 8;

    /// <summary>The data manifest of each benchmark, by benchmark identifier.</summary>
    public static IReadOnlyDictionary<string, string> ManifestIds { get; } = new Dictionary<string, string>
    {
        ["movshon.FreemanZiemba2013public.V1-pls"] = "brainscore-freemanziemba2013",
        ["movshon.FreemanZiemba2013public.V2-pls"] = "brainscore-freemanziemba2013",
        ["dicarlo.MajajHong2015public.V4-pls"] = "brainscore-majajhong2015",
        ["dicarlo.MajajHong2015public.IT-pls"] = "brainscore-majajhong2015",
        ["dicarlo.Rajalingham2018public-i2n"] = "brainscore-rajalingham2018",
    };

    /// <summary>
    /// The BrainIO files a benchmark reads, from its manifest in <paramref name="catalog"/> (default: the embedded
    /// manifests): the assembly (<c>netcdf4</c>), the stimulus table (<c>csv</c>) and the stimulus images (<c>zip</c>).
    /// </summary>
    public static (ManifestFile Assembly, ManifestFile StimuliCsv, ManifestFile StimuliZip) DataFiles(string benchmarkIdentifier, ManifestCatalog? catalog = null)
    {
        if (!ManifestIds.TryGetValue(benchmarkIdentifier, out var id))
            throw new KeyNotFoundException($"Unknown public benchmark '{benchmarkIdentifier}'. Known: {string.Join(", ", ManifestIds.Keys)}.");
        var manifest = (catalog ?? ManifestCatalog.Embedded)[id];
        ManifestFile One(string format) => manifest.Files.SingleOrDefault(f => f.Format == format)
            ?? throw new InvalidDataException($"Data manifest '{id}' must list exactly one {format} file for {benchmarkIdentifier}.");
        return (One("netcdf4"), One("csv"), One("zip"));
    }

    /// <param name="data">Where the BrainIO files are found; null for <c>VVS_DATA</c> and the default cache.</param>
    /// <param name="imageSize">Side the placed stimuli are resized to (e.g. 224), or null for their native size;
    /// 3200 HvM images at 256 px are 2.5 GB as floats, so callers usually pick the model's input size.</param>
    /// <param name="catalog">Manifests naming the files; null for the embedded ones.</param>
    public static IReadOnlyList<IBenchmark> All(DataResolver? data = null, int? imageSize = null, ManifestCatalog? catalog = null) =>
    [
        FreemanZiemba("V1", data, imageSize, catalog), FreemanZiemba("V2", data, imageSize, catalog), MajajHong("V4", data, imageSize, catalog),
        MajajHong("IT", data, imageSize, catalog), Rajalingham(data, imageSize, catalog),
    ];

    /// <summary>Verified local paths of a benchmark's assembly, stimulus CSV and stimulus zip (downloading if allowed).</summary>
    public static (string Assembly, string StimuliCsv, string StimuliZip) Resolve(string benchmarkIdentifier, DataResolver? data = null, ManifestCatalog? catalog = null)
    {
        var resolver = data ?? DataResolver.FromEnvironment();
        var (assembly, csv, zip) = DataFiles(benchmarkIdentifier, catalog);
        string Path(ManifestFile f) => resolver.ResolveAsync(f).GetAwaiter().GetResult().Path;
        return (Path(assembly), Path(csv), Path(zip));
    }

    public static NeuralBenchmark FreemanZiemba(string region, DataResolver? data = null, int? imageSize = null, ManifestCatalog? catalog = null)
    {
        var (assembly, csv, zip) = Resolve($"movshon.FreemanZiemba2013public.{Region(region, "FreemanZiemba2013", "V1", "V2")}-pls", data, catalog);
        return FreemanZiemba(region, assembly, csv, zip, imageSize);
    }

    /// <summary>FreemanZiemba2013 public V1/V2: 1-ms bins averaged over 50-200 ms, 4-degree images on the 8-degree screen, stratified by texture_type.</summary>
    public static NeuralBenchmark FreemanZiemba(string region, string assemblyPath, string stimuliCsv, string stimuliImages, int? imageSize = null)
    {
        var avg = NeuroidAssembly.Load(assemblyPath).SelectNeuroids("region", Region(region, "FreemanZiemba2013", "V1", "V2")).MeanOverTimeWindow(50, 200).AverageRepetitions();
        return Neural($"movshon.FreemanZiemba2013public.{region}-pls", region, avg, "texture_type", stimuliCsv, stimuliImages, 4, imageSize);
    }

    public static NeuralBenchmark MajajHong(string region, DataResolver? data = null, int? imageSize = null, ManifestCatalog? catalog = null)
    {
        var (assembly, csv, zip) = Resolve($"dicarlo.MajajHong2015public.{Region(region, "MajajHong2015", "V4", "IT")}-pls", data, catalog);
        return MajajHong(region, assembly, csv, zip, imageSize);
    }

    /// <summary>MajajHong2015 public V4/IT: the single 70-170 ms bin, 8-degree images, stratified by object_name.</summary>
    public static NeuralBenchmark MajajHong(string region, string assemblyPath, string stimuliCsv, string stimuliImages, int? imageSize = null)
    {
        var avg = NeuroidAssembly.Load(assemblyPath).SelectNeuroids("region", Region(region, "MajajHong2015", "V4", "IT")).AverageRepetitions();
        return Neural($"dicarlo.MajajHong2015public.{region}-pls", region, avg, "object_name", stimuliCsv, stimuliImages, 8, imageSize);
    }

    private static NeuralBenchmark Neural(string id, string region, RepetitionAverage avg, string stratifyBy, string csv, string images, double sourceDegrees, int? imageSize)
    {
        var set = StimulusSet.Load(csv, images);
        var strat = avg.StimulusCoords.ContainsKey(stratifyBy) ? avg.Labels(stratifyBy) : set.Column(stratifyBy, avg.StimulusIds);
        var stimuli = Sized(ImageBatches.PlaceOnScreen(set.LoadImages(avg.StimulusIds), sourceDegrees, ModelVisualDegrees), imageSize);
        return new NeuralBenchmark(id, region, stimuli, avg.Responses, strat, avg.Trials, avg.TrialStimulus, avg.TrialRepetition);
    }

    public static BehavioralBenchmark Rajalingham(DataResolver? data = null, int? imageSize = null, ManifestCatalog? catalog = null)
    {
        var (assembly, csv, zip) = Resolve("dicarlo.Rajalingham2018public-i2n", data, catalog);
        return Rajalingham(assembly, csv, zip, imageSize);
    }

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

    private static string Region(string region, string dataset, string first, string second) =>
        region == first || region == second ? region : throw new ArgumentException($"{dataset} has {first} and {second}, not '{region}'.");

    private static Activations.ImageBatch Sized(Activations.ImageBatch batch, int? side) =>
        side is { } s ? ImageBatches.Resize(batch, s, s) : batch;
}
