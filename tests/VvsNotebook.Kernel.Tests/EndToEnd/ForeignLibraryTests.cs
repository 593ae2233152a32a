using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>
/// The real kernel, driven by jupyter_client, restores Plotly.NET 6.0.0 and Deedle 8.1.0 from the NuGet feed with
/// <c>#r "nuget:..."</c> as a user would, and renders a chart as a Plotly figure and a frame as a compact table.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ForeignLibraryTests(ForeignLibraryTests.Report report) : IClassFixture<ForeignLibraryTests.Report>
{
    public sealed class Report(KernelEnvironment environment)
        : ScriptReport(environment, "kernel_foreign_libraries.py", [], TimeSpan.FromMinutes(8))
    {
        /// <summary>A cell that ran without error.</summary>
        public JsonNode Cell(string name)
        {
            var cell = Part(name);
            Assert.True(cell["status"]!.GetValue<string>() == "ok", $"{name}: {cell["error"]}\n{Output}");
            return cell;
        }

        /// <summary>
        /// The data of the cell's only rich output, besides the plotly.js loader that the session's first figure
        /// brings along as an output of its own.
        /// </summary>
        public JsonObject Data(string name) => Assert.Single(Cell(name)["data"]!.AsArray()
            .Where(d => d?["text/html"]?.GetValue<string>().Contains(VvsNotebook.Figures.NotebookPlotly.LoaderAttribute) != true))!.AsObject();
    }

    [Fact]
    public void a_plotly_net_chart_restored_with_hash_r_nuget_renders_as_a_plotly_figure()
    {
        report.Cell("restore_plotly");
        var data = report.Data("chart");
        var figure = JsonNode.Parse(data["application/vnd.plotly.v1+json"]!.ToJsonString())!;
        var trace = Assert.Single(figure["data"]!.AsArray())!;
        Assert.Equal("pts", trace["name"]!.GetValue<string>());
        Assert.Equal([1, 2, 3], trace["x"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal([4, 5, 6], trace["y"]!.AsArray().Select(v => v!.GetValue<int>()));
        var html = data["text/html"]!.GetValue<string>();
        Assert.Contains("id=\"vvs-plot-", html);
        // Plotly.NET's own HTML loads plotly.js from a CDN; ours never names a remote script.
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("cdn.plot.ly", html);
        Assert.Equal("Plotly figure 'untitled' with 1 trace(s)", data["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void the_kernel_loads_the_fsharp_core_that_plotly_net_asks_for()
    {
        report.Cell("restore_plotly");
        // Plotly.NET 6.0.0 needs FSharp.Core >= 10.1 (assembly version 10.1.0.0); our kernel ships none of its own, so
        // the restore's choice is what loads. (The .NET Interactive host ships 10.0 and refuses the package.)
        var version = Version.Parse(report.Data("fsharp_core")["text/plain"]!.GetValue<string>());
        Assert.True(version >= new Version(10, 1), version.ToString());
    }

    [Fact]
    public void a_deedle_frame_restored_with_hash_r_nuget_renders_as_a_compact_table()
    {
        report.Cell("restore_deedle");
        var data = report.Data("frame");
        Assert.Equal(["text/html", "text/plain"], data.Select(kv => kv.Key).Order());
        var html = data["text/html"]!.GetValue<string>();
        Assert.Contains("<tr><th>0</th><td>1</td><td>x</td></tr><tr><th>1</th><td>2</td><td>y</td></tr>", html);
        Assert.Contains("2 rows × 2 columns", html);
        Assert.True(html.Length < 2_000, $"{html.Length} characters of HTML");

        var series = report.Data("displayed_series");
        Assert.Contains("<tr><th>alpha</th><td>0.5</td></tr></tbody></table><div class=\"vvs-table-footer\">1 value</div>",
            series["text/html"]!.GetValue<string>());
    }
}
