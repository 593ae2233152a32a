using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;

namespace VvsNotebook.Tests.Fitting;

/// <summary>The released table, read once, and cached original-data fits of the paper's experiments.</summary>
public static class PaperFixture
{
    private static readonly Lazy<IReadOnlyList<ScoreRecord>> LazyTable = new(() => ScoreTable.Read(TestData.PaperFile("benchmark_scores.csv")));
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<ScalingLawFit>> Fits = new();

    public static IReadOnlyList<ScoreRecord> Table => LazyTable.Value;

    public static FitData Data(string experiment) => ExperimentCatalog.Paper.Get(experiment).Prepare(Table);

    public static ScalingLawFit Fit(string experiment) => Fits.GetOrAdd(experiment, name => new Lazy<ScalingLawFit>(() =>
        ExperimentRunner.Run(ExperimentCatalog.Paper.Get(name), Table, bootstraps: 0))).Value;
}
