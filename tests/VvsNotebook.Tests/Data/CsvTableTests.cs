using VvsNotebook.Data;

namespace VvsNotebook.Tests.Data;

public sealed class CsvTableTests
{
    private const string Text = "model_id,score,is_ssl,note\nresnet18,0.41,False,\"a, quoted\"\nvit_s,,True,\n";

    [Fact]
    public void reads_text_numbers_missing_values_and_pandas_flags()
    {
        var table = CsvTable.Read(new StringReader(Text), "t.csv");
        Assert.Equal(["model_id", "score", "is_ssl", "note"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("a, quoted", table.Rows[0]["note"]);
        Assert.Equal(0.41, table.Rows[0].Number("score"));
        Assert.True(double.IsNaN(table.Rows[1].Number("score")));
        Assert.Equal([false, true], table.Rows.Select(r => r.Flag("is_ssl")));
        Assert.Equal(["vit_s"], table.Where(r => r.Flag("is_ssl")).Texts("model_id"));
    }

    [Fact]
    public void bad_cells_and_unknown_columns_name_the_problem()
    {
        var table = CsvTable.Read(new StringReader(Text), "t.csv");
        Assert.Contains("Columns: model_id, score", Assert.Throws<KeyNotFoundException>(() => table.Rows[0]["acc"]).Message);
        Assert.Contains("not a number", Assert.Throws<FormatException>(() => table.Rows[0].Number("model_id")).Message);
        Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => CsvTable.Read(new StringReader("a,b\n1,2,3\n"), "x.csv")).Message);
        Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => CsvTable.Read(new StringReader("a,a\n1,2\n"), "x.csv")).Message);
    }

    [Fact]
    public void the_released_checkpoint_table_resolves_through_the_manifest_and_reads_with_its_own_columns()
    {
        var table = PaperData.Checkpoints(TestData.DataDirectory);
        Assert.Equal(6450, table.Rows.Count); // 43 models x 5 regions x their checkpoint epochs (figure map)
        Assert.Equal(43, table.Texts("model_id").Distinct().Count());
        Assert.Contains("ckpt", table.Columns);
    }
}
