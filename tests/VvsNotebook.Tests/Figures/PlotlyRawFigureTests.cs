using System.Text.Json;
using System.Text.Json.Nodes;
using VvsNotebook.Display;
using VvsNotebook.Figures;

namespace VvsNotebook.Tests.Figures;

public sealed class PlotlyRawFigureTests
{
    [Fact]
    public void our_own_figure_survives_the_round_trip_through_its_json()
    {
        var figure = new PlotlyFigure { Layout = new PlotlyLayout { Title = "fit", XAxis = PlotlyAxis.Log("N") } }
            .With(PlotlyFigure.Scatter([1, 10], [0.5, 0.25], name: "points", color: "red"))
            .With(PlotlyFigure.Band([1, 10], [0.1, 0.2], [0.3, 0.4], "band", "rgba(0,0,255,0.2)"));

        var copy = PlotlyRawFigure.FromJson(figure.ToJson());

        Assert.Equal(figure.ToJson(), copy.ToJson());
        Assert.Equal(figure.ToMimeBundle()[MimeTypes.Plain], copy.ToMimeBundle()[MimeTypes.Plain]);
    }

    [Fact]
    public void foreign_traces_keep_every_attribute_and_the_layout_keeps_its_keys()
    {
        const string json = """
            {"data":[{"type":"heatmap","z":[[1,2],[3,4]],"colorscale":"Viridis"},{"x":[1],"y":[2],"customdata":["a"]}],
             "layout":{"title":"plain title","xaxis":{"type":"log"},"paper_bgcolor":"black"},"frames":[]}
            """;
        var figure = PlotlyRawFigure.FromJson(json);
        var output = figure.ToJsonObject();

        var source = JsonNode.Parse(json)!;
        Assert.True(JsonNode.DeepEquals(source["data"]![0], output["data"]![0]));
        // A trace without "type" is a scatter to plotly.js; it is written out as one.
        Assert.Equal("scatter", output["data"]![1]!["type"]!.GetValue<string>());
        Assert.Equal(["a"], output["data"]![1]!["customdata"]!.AsArray().Select(v => v!.GetValue<string>()));
        foreach (var (key, value) in source["layout"]!.AsObject())
            Assert.True(JsonNode.DeepEquals(value, output["layout"]![key]), key);
        Assert.Equal("plain title", figure.Layout.Title);
    }

    [Fact]
    public void a_template_s_value_replaces_our_house_default_only_where_the_layout_leaves_it_open()
    {
        const string json = """
            {"data":[],"layout":{"legend":{"x":0},"template":{"layout":{"plot_bgcolor":"#E5ECF6","legend":{"bgcolor":"grey"}}}}}
            """;
        var layout = PlotlyRawFigure.FromJson(json).ToJsonObject()["layout"]!;

        Assert.Equal("#E5ECF6", layout["plot_bgcolor"]!.GetValue<string>()); // from the template, not our "white"
        Assert.Equal("""{"x":0}""", layout["legend"]!.ToJsonString()); // the layout's own value stands
    }

    [Fact]
    public void text_that_is_not_a_figure_object_is_refused()
    {
        Assert.Throws<JsonException>(() => PlotlyRawFigure.FromJson("[1, 2]"));
    }
}
