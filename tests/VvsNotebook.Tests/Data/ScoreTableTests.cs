using VvsNotebook.Data;

namespace VvsNotebook.Tests.Data;

public class ScoreTableTests
{
    [Fact]
    public void ReadsTheReleasedTableWithEveryRowAndItsNaNScores()
    {
        var rows = ScoreTable.Read(TestData.PaperFile("benchmark_scores.csv"));

        Assert.Equal(4965, rows.Count);
        Assert.Equal(993, rows.Select(r => r.ModelId).Distinct().Count());
        // The paper's spec: 6 NaN scores, all V2 of random-init EfficientNets.
        var nan = rows.Where(r => r.Score is null).ToList();
        Assert.Equal(6, nan.Count);
        Assert.All(nan, r => Assert.Equal("V2", r.Region));
        // total_flops = 3 x flops x n_samples_seen wherever it is present.
        Assert.All(rows.Where(r => r.TotalFlops is not null),
            r => Assert.Equal(3 * r.Flops!.Value * r.NSamplesSeen!.Value, r.TotalFlops!.Value, r.TotalFlops!.Value * 1e-12));
        Assert.Equal(620, rows.Where(r => r.Dataset is "imagenet" or "ecoset" && !r.IsPretrained && !r.IsRandom && !r.IsSsl
            && !r.IsAdv && !r.IsAblation).Select(r => r.ModelId).Distinct().Count());
    }

    [Fact]
    public void WriteThenReadRoundTripsEveryColumnIncludingNulls()
    {
        var original = ScoreTable.Read(TestData.PaperFile("benchmark_scores.csv")).Take(50).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"vvs-scores-{Guid.NewGuid():N}.csv");
        try
        {
            ScoreTable.Write(path, original);
            Assert.Equal(original, ScoreTable.Read(path));
            Assert.Equal(ScoreTable.Columns, File.ReadLines(path).First().Split(','));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MalformedNumberNamesTheColumnAndLine()
    {
        var text = "model_id,benchmark_name,region,score\nm1,b,V1,0.5\nm2,b,V1,abc\n";
        var e = Assert.Throws<InvalidDataException>(() => ScoreTable.Read(new StringReader(text), "t.csv"));
        Assert.Contains("t.csv", e.Message);
        Assert.Contains("score", e.Message);
        Assert.Contains("abc", e.Message);
    }

    [Fact]
    public void MissingIdentifyingColumnIsRejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => ScoreTable.Read(new StringReader("model_id,score\nm,0.1\n"), "t.csv"));
        Assert.Contains("benchmark_name", e.Message);
    }

    [Fact]
    public void GetValueReadsByColumnNameAndRejectsUnknownColumns()
    {
        var r = new ScoreRecord { ModelId = "m", BenchmarkName = "b", Region = "IT", SamplesPerClass = 10 };
        Assert.Equal(10.0, ScoreTable.GetValue(r, "samples_per_class"));
        Assert.Throws<ArgumentException>(() => ScoreTable.GetValue(r, "no_such_column"));
    }
}
