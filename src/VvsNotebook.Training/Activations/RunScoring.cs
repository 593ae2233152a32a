using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using VvsNotebook.Benchmarks;
using VvsNotebook.Data;
using VvsNotebook.Progress;

namespace VvsNotebook.Training.Activations;

/// <summary>Reported after each run is scored (or read back): run <see cref="Index"/> (1-based) of <see cref="Count"/>.</summary>
public sealed record RunScoringProgress(int Index, int Count, string Run, bool Cached, IReadOnlyList<ScoreRecord> Rows) : JobProgress
{
    public override string Stage => "scoring";
    public override int Done => Index;
    public override int Total => Count;

    /// <summary>Each report is a run finished.</summary>
    public override bool IsMilestone => true;

    public override string Describe() => $"[{Index}/{Count}] {Run}: {Rows.Count} score rows{(Cached ? ", read back" : "")}";
}

/// <summary>
/// Scores finished training runs on a benchmark suite and keeps each run's rows (results-table columns, with the run's
/// N, D and C) in its folder as <see cref="FileName"/>, so scoring a sweep again reads them back instead of recomputing.
/// The file name carries <see cref="Label"/> and a hash of what decides the scores that the benchmarks expose
/// (identifiers, regions, stimulus pixels) and of the runner's layer choices; give a new label when a suite changes
/// in a way the hash cannot see (e.g. its target noise seed).
/// </summary>
public sealed class RunScoring
{
    public RunScoring(string label, IReadOnlyList<IBenchmark> benchmarks, BenchmarkRunner? runner = null)
    {
        if (string.IsNullOrWhiteSpace(label) || label.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"The label names a file: give letters, digits or dashes (got '{label}').", nameof(label));
        if (benchmarks.Count == 0) throw new ArgumentException("Give at least one benchmark.", nameof(benchmarks));
        Label = label;
        Benchmarks = benchmarks;
        Runner = runner ?? new BenchmarkRunner();
        FileName = $"scores-{label}-{Key(benchmarks, Runner)}.csv";
    }

    public string Label { get; }
    public IReadOnlyList<IBenchmark> Benchmarks { get; }
    public BenchmarkRunner Runner { get; }

    /// <summary>The per-run file of rows, e.g. <c>scores-offline-3f2a9c01.csv</c>.</summary>
    public string FileName { get; }

    /// <summary>The rows of one finished run: read from its <see cref="FileName"/>, else scored and written there.</summary>
    public IReadOnlyList<ScoreRecord> Score(string runDirectory, CancellationToken cancellationToken = default) =>
        ScoreOne(runDirectory, cancellationToken).Rows;

    /// <summary>The rows of every run, in order (see <see cref="Score"/>).</summary>
    public IReadOnlyList<ScoreRecord> ScoreAll(IEnumerable<string> runDirectories, IProgress<RunScoringProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var dirs = runDirectories.ToArray();
        var rows = new List<ScoreRecord>();
        for (var i = 0; i < dirs.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (runRows, cached) = ScoreOne(dirs[i], cancellationToken);
            rows.AddRange(runRows);
            progress?.Report(new RunScoringProgress(i + 1, dirs.Length, Path.GetFileName(Path.TrimEndingDirectorySeparator(dirs[i])), cached, runRows));
        }
        return rows;
    }

    private (IReadOnlyList<ScoreRecord> Rows, bool Cached) ScoreOne(string runDirectory, CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(runDirectory);
        if (!File.Exists(Path.Combine(dir, "result.json")))
            throw new InvalidOperationException($"{dir} is not a finished training run (no result.json): train it first.");
        var file = Path.Combine(dir, FileName);
        if (File.Exists(file)) return (ScoreTable.Read(file), true);
        using var source = TrainedRunSource.Open(dir);
        var run = Runner.Run(source, Benchmarks, cancellationToken);
        var rows = run.ToScoreRecords(TrainedRunSource.RowTemplate(source.ModelId, dir));
        ScoreTable.Write(file, rows);
        return (rows, false);
    }

    /// <summary>First 8 hex digits of SHA-256 over the benchmarks (identifier, region, stimulus shape and pixels) and the runner's layer choices.</summary>
    private static string Key(IReadOnlyList<IBenchmark> benchmarks, BenchmarkRunner runner)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Text(string s) => hash.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        foreach (var b in benchmarks)
        {
            Text(b.Identifier);
            Text(b.Region);
            var s = b.Stimuli;
            Text(string.Create(CultureInfo.InvariantCulture, $"{s.Count}x{s.Channels}x{s.Height}x{s.Width}"));
            hash.AppendData(MemoryMarshal.AsBytes(s.Pixels.AsSpan()));
        }
        Text("layers: " + (runner.CandidateLayers is { } layers ? string.Join(",", layers) : "(all)"));
        Text("readout: " + (runner.BehavioralReadoutLayer ?? "(last candidate)"));
        Text("map: " + (runner.RegionLayerMap is { } map ? string.Join(",", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")) : "(none)"));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..8];
    }
}
