using VvsNotebook.Figures;

namespace VvsNotebook.Tests.Figures;

public class PairGridTests
{
    [Fact]
    public void Lower_triangle_draws_panels_on_and_below_the_diagonal_and_hides_the_rest()
    {
        var asked = new List<(int, int)>();
        var grid = PairGrid.LowerTriangle(3, (i, j) =>
        {
            asked.Add((i, j));
            return new PlotlyFigure { Layout = new PlotlyLayout { Title = $"{i}x{j}" } }.With(PlotlyFigure.Scatter([i], [j], name: "p"));
        });
        Assert.Equal([(0, 0), (1, 0), (1, 1), (2, 0), (2, 1), (2, 2)], asked);
        var json = grid.ToJsonObject();
        Assert.Equal(6, json["data"]!.AsArray().Count);
        var layout = json["layout"]!;
        // Cell (0, 1) is the grid's second axis pair: blank, axes hidden; cell (1, 0) (the fourth) is drawn.
        Assert.False(layout["xaxis2"]!["visible"]!.GetValue<bool>());
        Assert.False(layout["yaxis3"]!["visible"]!.GetValue<bool>());
        Assert.Null(layout["xaxis4"]!["visible"]);
        Assert.Equal(["0x0", "1x0", "1x1", "2x0", "2x1", "2x2"], layout["annotations"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairGrid.LowerTriangle(0, (_, _) => new PlotlyFigure()));
    }
}
