using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deedle;
using Plotly.NET;
using VvsNotebook.Display;
using VvsNotebook.Interactive.Formatting;
using CSharpChart = Plotly.NET.CSharp.Chart;
using DeedleFrame = Deedle.Frame;

namespace VvsNotebook.Kernel.Tests.Formatting;

/// <summary>Plotly.NET charts and Deedle frames, made with the real packages, through <see cref="ForeignFormatters"/>.</summary>
public sealed class ForeignFormatterTests
{
    private static GenericChart Points() => CSharpChart.Point<int, int, string>(x: [1, 2, 3], y: [4, 5, 6], Name: "pts");

    [Fact]
    public void a_plotly_net_chart_renders_as_our_plotly_figure_with_its_traces_and_layout()
    {
        var bundle = MimeFormatter.ToMimeBundle(Points());

        Assert.Equal(MimeTypes.Plotly, bundle.Keys.First());
        var figure = JsonNode.Parse(bundle[MimeTypes.Plotly])!;
        var trace = Assert.Single(figure["data"]!.AsArray())!;
        Assert.Equal("scatter", trace["type"]!.GetValue<string>());
        Assert.Equal("pts", trace["name"]!.GetValue<string>());
        Assert.Equal([1, 2, 3], trace["x"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal([4, 5, 6], trace["y"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal(600, figure["layout"]!["width"]!.GetValue<int>());
        // Our HTML fragment (the Figures side's plotly.js handling), not Plotly.NET's own page.
        Assert.Contains("id=\"vvs-plot-", bundle[MimeTypes.Html]);
        Assert.DoesNotContain("require.config", bundle[MimeTypes.Html]);
        Assert.Equal("Plotly figure 'untitled' with 1 trace(s)", bundle[MimeTypes.Plain]);
    }

    [Fact]
    public void the_figure_keeps_plotly_net_s_data_and_layout_and_its_template_s_plot_background()
    {
        var chart = Points();
        var theirs = JsonNode.Parse(GenericChart.toFigureJson(chart))!;
        var ours = JsonNode.Parse(MimeFormatter.ToMimeBundle(chart)[MimeTypes.Plotly])!;

        Assert.True(JsonNode.DeepEquals(theirs["data"], ours["data"]), ours["data"]!.ToJsonString());
        foreach (var (key, value) in theirs["layout"]!.AsObject())
            Assert.True(JsonNode.DeepEquals(value, ours["layout"]![key]), key);
        // Our layout's house default would paint the plot area white; Plotly.NET's template says otherwise, and wins.
        Assert.Equal(theirs["layout"]!["template"]!["layout"]!["plot_bgcolor"]!.GetValue<string>(),
            ours["layout"]!["plot_bgcolor"]!.GetValue<string>());
    }

    [Fact]
    public void a_combined_chart_with_a_title_keeps_every_trace_and_names_the_title()
    {
        var combined = GenericChart.combine([Points(), CSharpChart.Line<int, int, string>(x: [1, 2], y: [7, 8], Name: "line")]);
        var chart = Plotly.NET.Chart.withTitle("two traces", TitleFont: null).Invoke(combined); // F#: curried, None font
        var bundle = MimeFormatter.ToMimeBundle(chart);

        var data = JsonNode.Parse(bundle[MimeTypes.Plotly])!["data"]!.AsArray();
        Assert.Equal(["pts", "line"], data.Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("Plotly figure 'two traces' with 2 trace(s)", bundle[MimeTypes.Plain]);
    }

    private static Frame<int, string> TwoRows() => DeedleFrame.FromRecords(
        [new Row(1, "x", 2.5), new Row(2, "y", double.NaN)]);

    private sealed record Row(int A, string B, double C);

    [Fact]
    public void a_deedle_frame_is_a_compact_table_with_its_keys_as_the_index_and_missing_values_named()
    {
        var bundle = MimeFormatter.ToMimeBundle(TwoRows());
        var html = bundle[MimeTypes.Html];

        Assert.Contains("<thead><tr><th></th><th>A</th><th>B</th><th>C</th></tr></thead>", html);
        Assert.Contains("<tr><th>0</th><td>1</td><td>x</td><td>2.5</td></tr>", html);
        Assert.Contains("<tr><th>1</th><td>2</td><td>y</td><td>&lt;missing&gt;</td></tr>", html);
        Assert.Contains("2 rows × 3 columns</div>", html);
        Assert.DoesNotContain("<button", html); // one page

        var lines = bundle[MimeTypes.Plain].Split('\n');
        Assert.Equal(["   A  B  C", "0  1  x  2.5", "1  2  y  <missing>", "(2 rows × 3 columns, Frame<int, string>)"], lines);
    }

    [Fact]
    public void a_long_frame_embeds_only_its_first_rows_and_stays_small()
    {
        var frame = DeedleFrame.FromRecords(Enumerable.Range(0, 10_000).Select(i => new Row(i, "row " + i, i / 3.0)));
        var html = MimeFormatter.ToMimeBundle(frame)[MimeTypes.Html];

        Assert.Contains("10,000 rows × 3 columns (first 50 rows shown)", html);
        Assert.Contains("<tr><th>49</th><td>49</td><td>row 49</td><td>16.3333</td></tr>", html);
        Assert.DoesNotContain("<th>50</th>", html);
        Assert.Equal(DeedleTable.MaxRows / DeedleTable.PageSize, Regex.Count(html, "<tbody"));
        Assert.True(html.Length < 8_000, $"{html.Length} characters of HTML");
    }

    [Fact]
    public void a_wide_frame_embeds_only_its_first_columns_and_cuts_long_cells()
    {
        var frame = DeedleFrame.FromColumns(Enumerable.Range(0, 100).Select(j =>
            new KeyValuePair<string, Series<int, string>>("c" + j, new SeriesBuilder<int, string> { { 0, new string('w', 100) } }.Series)));
        var table = DeedleTable.TryCreate(frame)!;

        Assert.Equal((1, 100, DeedleTable.MaxColumns), (table.RowCount, table.ColumnCount, table.Columns.Count));
        Assert.Equal(new string('w', DeedleTable.MaxCellLength - 1) + "…", table.Rows[0].Cells[0]);
        Assert.Contains("1 row × 100 columns (first 20 columns shown)", table.ToHtml());
    }

    [Fact]
    public void a_deedle_series_is_a_key_value_table()
    {
        var series = new SeriesBuilder<string, double> { { "alpha", 0.5 }, { "beta", 1.25 } }.Series;
        var bundle = MimeFormatter.ToMimeBundle(series);

        Assert.Contains("<tr><th>alpha</th><td>0.5</td></tr><tr><th>beta</th><td>1.25</td></tr>", bundle[MimeTypes.Html]);
        Assert.Contains("2 values</div>", bundle[MimeTypes.Html]);
        Assert.EndsWith("(2 values, Series<string, double>)", bundle[MimeTypes.Plain]);
        // A frame's column, a subclass-free Series<int, double>, formats the same way.
        Assert.Contains("<th>1</th><td>&lt;missing&gt;</td>", MimeFormatter.ToMimeBundle(TwoRows().GetColumn<double>("C"))[MimeTypes.Html]);
    }

    [Fact]
    public void other_values_are_left_to_the_other_formatters()
    {
        Assert.False(ForeignFormatters.TryFormat(new List<int> { 1 }, out _));
        Assert.False(ForeignFormatters.TryFormat(null, out _));
        Assert.False(ForeignFormatters.Handles(typeof(string)));
        Assert.True(ForeignFormatters.Handles(typeof(Frame<int, string>)));
        Assert.True(ForeignFormatters.Handles(Points().GetType()));
    }

    [Fact]
    public void a_host_registry_gets_the_open_deedle_types_with_html_and_text_writers()
    {
        var registered = new List<(Type Type, string Mime, Action<object, TextWriter> Write)>();
        ForeignFormatters.RegisterDeedleTables((type, mime, write) => registered.Add((type, mime, write)));

        Assert.Equal(
            [(typeof(Frame<,>), MimeTypes.Html), (typeof(Frame<,>), MimeTypes.Plain), (typeof(Series<,>), MimeTypes.Html), (typeof(Series<,>), MimeTypes.Plain)],
            registered.Select(r => (r.Type, r.Mime)));
        var writer = new StringWriter();
        registered[0].Write(TwoRows(), writer);
        Assert.Contains("2 rows × 3 columns", writer.ToString());
    }
}
