using VvsNotebook.Manifests;

namespace VvsNotebook.Data;

/// <summary>
/// The paper's released tables (<c>data-manifests/scaling-primate-vvs.yaml</c>), found through the manifest in
/// <c>VVS_DATA</c>/<paramref name="dataDirectory"/>, the cache or the pinned URL, and verified by hash.
/// </summary>
public static class PaperData
{
    /// <summary>The manifest id of the paper's released scores.</summary>
    public const string Manifest = "scaling-primate-vvs";

    /// <summary>The path of one released file, e.g. <c>benchmark_scores.csv</c>.</summary>
    public static string PathOf(string file, string? dataDirectory = null, ManifestCatalog? manifests = null)
    {
        var (_, entry) = (manifests ?? ManifestCatalog.Embedded).Find($"{Manifest}/{file}");
        return Task.Run(() => DataResolver.FromEnvironment(dataDirectory).ResolveAsync(entry)).GetAwaiter().GetResult().Path;
    }

    /// <summary><c>benchmark_scores.csv</c>: 993 models x 5 benchmarks, the input of every fit.</summary>
    public static IReadOnlyList<ScoreRecord> Scores(string? dataDirectory = null) => ScoreTable.Read(PathOf("benchmark_scores.csv", dataDirectory));

    /// <summary><c>benchmark_scores_ckpts.csv</c>: scores along training (43 models x 5 regions x epochs).</summary>
    public static CsvTable Checkpoints(string? dataDirectory = null) => CsvTable.Read(PathOf("benchmark_scores_ckpts.csv", dataDirectory));

    /// <summary><c>benchmark_scores_brainscore.csv</c>: 28 models on the private Brain-Score benchmarks (Fig. S1).</summary>
    public static CsvTable BrainScore(string? dataDirectory = null) => CsvTable.Read(PathOf("benchmark_scores_brainscore.csv", dataDirectory));
}
