using System.Globalization;
using System.Text;
using VvsNotebook.Data;
using VvsNotebook.Display;

namespace VvsNotebook.Training.Loop;

/// <summary>
/// What a finished run reports (<c>result.json</c>): accuracy, N, per-image FLOPs, samples seen D and total
/// compute C = 3 x FLOPs x D, in the paper's conventions.
/// </summary>
public sealed record TrainingResult : IMimeRenderable
{
    public required string ModelId { get; init; }
    public required string Arch { get; init; }
    public required string Dataset { get; init; }
    public int? SamplesPerClass { get; init; }
    public required int Seed { get; init; }
    public required int Epochs { get; init; }
    public required long NSamples { get; init; }
    public required long SamplesSeen { get; init; }
    public required long Parameters { get; init; }
    public required long MacsPerImage { get; init; }
    public required long FlopsPerImage { get; init; }
    public required double TotalFlops { get; init; }
    public required double ValidationAccuracy { get; init; }
    public required double ValidationLoss { get; init; }
    public required double TrainLoss { get; init; }

    /// <summary>A results-table row for one benchmark score of this run (same columns as benchmark_scores.csv).</summary>
    public ScoreRecord ToScoreRecord(string benchmarkName, string region, double? score, int benchmarkId = 0) => new()
    {
        ModelId = ModelId,
        BenchmarkId = benchmarkId,
        Arch = Arch,
        Dataset = Dataset,
        NParams = Parameters,
        Macs = MacsPerImage,
        Flops = FlopsPerImage,
        BenchmarkName = benchmarkName,
        Region = region,
        NSamples = NSamples,
        SamplesPerClass = SamplesPerClass ?? 0,
        NEpochs = Epochs,
        NSamplesSeen = SamplesSeen,
        TotalFlops = TotalFlops,
        Score = score,
        Seed = Seed,
        ArchFamily = Models.ModelZoo.Family(Arch),
        Acc = ValidationAccuracy,
    };

    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{ModelId} on {Dataset} (d={SamplesPerClass?.ToString(CultureInfo.InvariantCulture) ?? "all"}, seed {Seed}): " +
            $"val acc {ValidationAccuracy:P2}, N={Parameters:N0}, {FlopsPerImage:N0} FLOPs/image, D={SamplesSeen:N0}, C={TotalFlops:E3}");
        var html = new StringBuilder("<table>");
        foreach (var (k, v) in new (string, object)[] { ("model", ModelId), ("validation accuracy", ValidationAccuracy.ToString("P2", CultureInfo.InvariantCulture)), ("parameters N", Parameters.ToString("N0", CultureInfo.InvariantCulture)), ("FLOPs / image", FlopsPerImage.ToString("N0", CultureInfo.InvariantCulture)), ("samples seen D", SamplesSeen.ToString("N0", CultureInfo.InvariantCulture)), ("compute C", TotalFlops.ToString("E3", CultureInfo.InvariantCulture)) })
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{System.Net.WebUtility.HtmlEncode(k)}</th><td>{System.Net.WebUtility.HtmlEncode(v.ToString())}</td></tr>");
        html.Append("</table>");
        return new Dictionary<string, string> { [MimeTypes.Plain] = text, [MimeTypes.Html] = html.ToString() };
    }

    public override string ToString() => ToMimeBundle()[MimeTypes.Plain];
}
