using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VvsNotebook.Files;
using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Fitting.Optimization;
using VvsNotebook.Manifests;

namespace VvsNotebook.Fitting;

/// <summary>
/// Finished fits on disk (default <c>$XDG_CACHE_HOME/vvsnotebook/fits</c>, else <c>~/.cache/vvsnotebook/fits</c>),
/// one JSON file per key. The key hashes everything a fit's numbers depend on: the prepared data (so the table, the
/// filters and the scalers), the fitter's settings (form, delta, grid, optimiser and bootstrap options), the resample
/// count and seed, and <see cref="EngineVersion"/>. Files are written atomically, so concurrent runs at worst both compute.
/// The data itself is not stored: a hit is attached to the caller's <see cref="FitData"/>.
/// </summary>
public sealed class FitCache(string directory)
{
    /// <summary>
    /// Bump whenever the optimiser, objective or start selection changes what a fit returns: entries of other engine
    /// versions then miss (and stay on disk until <see cref="Clear"/>).
    /// </summary>
    public const string EngineVersion = "fit-engine-2";

    public string Directory { get; } = directory;

    /// <summary>The cache under <see cref="DataResolverOptions.DefaultCacheDirectory"/> (which honours VVS_CACHE and XDG_CACHE_HOME).</summary>
    public static FitCache Default() => new(Path.Combine(DataResolverOptions.DefaultCacheDirectory(), "fits"));

    /// <summary>The key of fitting <paramref name="data"/> with <paramref name="fitter"/> and bootstrapping it <paramref name="resamples"/> times.</summary>
    public static string Key(ScalingLawFitter fitter, FitData data, int resamples, ulong seed)
    {
        var sb = new StringBuilder();
        void Add(object? v) => sb.Append(Convert.ToString(v, CultureInfo.InvariantCulture)).Append('\u001f');
        void AddDoubles(IEnumerable<double> vs)
        {
            foreach (var v in vs) sb.Append(BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture));
            sb.Append('\u001e');
        }
        Add(EngineVersion);
        Add(fitter.Name);
        Add(fitter.Form);
        AddDoubles([fitter.Delta, fitter.BestLossTolerance, fitter.Optimizer.GradientTolerance, fitter.BasinTolerance]);
        Add(fitter.Optimizer.MaxIterations);
        Add(fitter.BootstrapStarts);
        Add(fitter.MaxBootstrapStarts);
        Add(fitter.BootstrapGridStarts);
        Add(fitter.FullGridBootstrapBudget);
        foreach (var axis in fitter.EffectiveGrid.Axes)
        {
            Add(axis.Key);
            AddDoubles(axis.Value);
        }
        Add(resamples > 0 ? resamples : 0);
        Add(resamples > 0 ? seed : 0); // the seed matters only with resamples
        foreach (var name in data.XNames) Add(name);
        AddDoubles(data.XScale);
        foreach (var column in data.X) AddDoubles(column);
        AddDoubles(data.Y);
        AddDoubles(data.Compute ?? []);
        Add(data.InvertedY);
        foreach (var label in data.Labels) Add(label);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private string PathOf(string key) => Path.Combine(Directory, key + ".json");

    /// <summary>The cached fit for <paramref name="key"/>, attached to <paramref name="data"/>; null on a miss or an unreadable entry.</summary>
    public ScalingLawFit? TryGet(string key, FitData data)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var e = JsonSerializer.Deserialize<Entry>(File.ReadAllText(path), Options);
            return e is null || e.Key != key ? null : e.ToFit(data);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            return null; // a damaged entry is recomputed and overwritten
        }
    }

    /// <summary>Stores <paramref name="fit"/> under <paramref name="key"/> (atomically: readers see the old file or the new one).</summary>
    public void Put(string key, ScalingLawFit fit) =>
        AtomicFile.WriteAllText(PathOf(key), JsonSerializer.Serialize(Entry.From(key, fit), Options)); // creates the folder

    /// <summary>Deletes every cached fit; returns how many entries were removed.</summary>
    public int Clear()
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        var n = 0;
        foreach (var f in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            File.Delete(f);
            n++;
        }
        return n;
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // non-finite losses of failed starts
    };

    private sealed record Entry(string Key, string Engine, string? Name, Laws.LawForm Form, double Delta, double[] Parameters, double Loss,
        double[] BestStart, int BestStartIndex, BfgsStatus Status, int Starts, int StartsAtBest, OutcomeEntry[] Outcomes, BootEntry? Bootstrap, string? Grid = null)
    {
        public static Entry From(string key, ScalingLawFit f) => new(key, EngineVersion, f.Name, f.Form, f.Delta, f.ParametersLse, f.Loss,
            f.BestStart, f.BestStartIndex, f.Status, f.Starts, f.StartsAtBest,
            f.Outcomes.Select(o => new OutcomeEntry(o.Index, o.Start, o.Parameters, o.Loss, o.Iterations, o.Status)).ToArray(),
            f.Bootstrap is { } b ? new BootEntry(b.Seed, b.Parameters.ToArray(), b.Losses.ToArray()) : null, f.Grid?.ToString());

        public ScalingLawFit ToFit(FitData data) => new()
        {
            Name = Name, Form = Form, Data = data, Delta = Delta, ParametersLse = Parameters, Loss = Loss, BestStart = BestStart,
            BestStartIndex = BestStartIndex, Status = Status, Starts = Starts, StartsAtBest = StartsAtBest,
            Outcomes = Outcomes.Select(o => new StartOutcome(o.Index, o.Start, o.Parameters, o.Loss, o.Iterations, o.Status)).ToArray(),
            Bootstrap = Bootstrap is { } b ? new BootstrapResult(Form, b.Seed, b.Parameters, b.Losses) : null,
            Grid = Grid is null ? null : InitialGrid.Parse(Grid), // exact: the text form round-trips every double
        };
    }

    private sealed record OutcomeEntry(int Index, double[] Start, double[] Parameters, double Loss, int Iterations, BfgsStatus Status);

    private sealed record BootEntry(ulong Seed, double[][] Parameters, double[] Losses);
}
