using System.Globalization;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Tests.Fitting;

/// <summary>The grid's one-liners: <c>With</c>, the text form (<c>Parse</c>/<c>ToString</c>) and their errors.</summary>
public sealed class InitialGridTests
{
    [Theory]
    [InlineData(LawForm.PowerLaw, "e=-1:1:0.5 a=0:25:5 alpha=0:2:0.5")]
    [InlineData(LawForm.PowerLawShift, "e=-1:1:0.5 a=0:25:5 lambda=0:2:0.5 alpha=0:2:0.5")]
    [InlineData(LawForm.Chinchilla, "e=-1:1:0.5 a=0:25:5 alpha=0:2:0.5 b=0:25:5 beta=0:2:0.5")]
    public void the_paper_grid_is_written_as_its_ranges_and_reads_back_equal(LawForm form, string text)
    {
        Assert.Equal(text, InitialGrid.Paper(form).ToString());
        Assert.Equal(InitialGrid.Paper(form), InitialGrid.Parse(text));
    }

    [Fact]
    public void the_paper_power_law_grid_lists_the_150_starts_of_the_original_code()
    {
        // The original pipeline: itertools.product(np.arange(-1, 1.5, 0.5), np.arange(0, 30, 5), np.arange(0, 2.5, 0.5)).
        var grid = InitialGrid.Parse("e=-1:1:0.5 a=0:25:5 alpha=0:2:0.5");
        Assert.Equal(150, grid.Count);
        Assert.Equal([-1.0, 0, 0], grid.Start(0));
        Assert.Equal([-1.0, 0, 0.5], grid.Start(1));   // last parameter fastest
        Assert.Equal([-1.0, 5, 0], grid.Start(5));
        Assert.Equal([-0.5, 0, 0], grid.Start(30));
        Assert.Equal([1.0, 25, 2], grid.Start(149));
    }

    [PythonFact]
    public void starts_come_in_the_order_of_pythons_itertools_product()
    {
        var grid = InitialGrid.Parse("e=-1,0.25 a=0:10:5 alpha=0.1,0.2,0.7,2");
        var python = DebianPython.Run(["-"], """
            import itertools
            for p in itertools.product([-1, 0.25], [0, 5, 10], [0.1, 0.2, 0.7, 2]):
                print(" ".join(repr(float(v)) for v in p))
            """).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(python.Length, grid.Count);
        for (var i = 0; i < grid.Count; i++)
            Assert.Equal(python[i].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)), grid.Start(i));
    }

    [Fact]
    public void with_replaces_one_axis_by_name_and_keeps_the_others_and_their_order()
    {
        var grid = InitialGrid.Paper(LawForm.PowerLaw).With("alpha", 0.1, 0.2, 0.3);
        Assert.Equal(["e", "a", "alpha"], grid.Names);
        Assert.Equal([0.1, 0.2, 0.3], grid["alpha"]);
        Assert.Equal(InitialGrid.Paper(LawForm.PowerLaw)["a"], grid["a"]);
        Assert.Equal(5 * 6 * 3, grid.Count);
        Assert.Equal("e=-1:1:0.5 a=0:25:5 alpha=0.1:0.3:0.1", grid.ToString());
    }

    [Fact]
    public void with_text_replaces_only_the_axes_it_names()
    {
        var paper = InitialGrid.Paper(LawForm.PowerLaw);
        var grid = paper.With("alpha=0.1,0.2 e=0");
        Assert.Equal(paper.With("e", 0).With("alpha", 0.1, 0.2), grid);
        Assert.Equal(1 * 6 * 2, grid.Count);
        Assert.Equal("e=0 a=0:25:5 alpha=0.1,0.2", grid.ToString());
        // Spaces around '=', ',' and ':' are allowed; only spaces between axes separate them.
        Assert.Equal(grid, paper.With(" alpha = 0.1, 0.2   e= 0 "));
    }

    [Fact]
    public void lambda_underscore_names_lambda_as_in_experiment_files()
    {
        var shift = InitialGrid.Paper(LawForm.PowerLawShift);
        Assert.Equal([1.0], shift.With("lambda_=1")["lambda"]);
        Assert.Equal([1.0], shift.With("lambda_", 1)["lambda"]);
    }

    [Fact]
    public void a_range_includes_its_stop_and_steps_in_decimal()
    {
        // 0.1 * 3 in binary is 0.30000000000000004; the text says 0.3, and that is the start the user gets.
        Assert.Equal([0, 0.1, 0.2, 0.3], InitialGrid.Parse("alpha=0:0.3:0.1")["alpha"]);
        Assert.Equal([1, 0.5, 0, -0.5, -1], InitialGrid.Parse("e=1:-1:-0.5")["e"]);
        Assert.Equal([0.0, 3, 6, 9], InitialGrid.Parse("a=0:10:3")["a"]);            // a stop off the grid is not reached
        Assert.Equal([2.0], InitialGrid.Parse("a=2:2:1")["a"]);
        Assert.Equal([0, 0.5, 1, 1.5, 2, 7], InitialGrid.Parse("alpha=0:2:0.5,7")["alpha"]);
        Assert.Equal([1e-3, 1e2], InitialGrid.Parse("alpha=1e-3,1E2")["alpha"]);
    }

    [Fact]
    public void parse_with_a_form_lists_the_forms_parameters_and_takes_the_papers_for_the_rest()
    {
        var grid = InitialGrid.Parse("alpha=1 e=0", LawForm.PowerLawShift);
        Assert.Equal(["e", "a", "lambda", "alpha"], grid.Names);
        Assert.Equal(InitialGrid.Paper(LawForm.PowerLawShift).With("e", 0).With("alpha", 1), grid);
        // Without a form, the axes are as written.
        Assert.Equal(["alpha", "e"], InitialGrid.Parse("alpha=1 e=0").Names);
    }

    [Fact]
    public void the_text_form_reads_back_bit_for_bit()
    {
        double[] odd = [0.1, 0.7, 1e-5, -3.3333333333333335, Math.PI, 1e300];
        var grids = new[]
        {
            InitialGrid.Paper(LawForm.Chinchilla).With("alpha", odd),
            InitialGrid.Parse("e=-2:2:0.1 a=0:1:0.125 alpha=3"),
            new InitialGrid([new("e", [0.1 + 0.2, 0.6, 0.9])]), // 0.30000000000000004 is not on a decimal range
        };
        foreach (var g in grids)
        {
            var back = InitialGrid.Parse(g.ToString());
            Assert.Equal(g.Names, back.Names);
            for (var j = 0; j < g.Axes.Count; j++)
                Assert.Equal(g.Axes[j].Value.Select(BitConverter.DoubleToInt64Bits), back.Axes[j].Value.Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.Equal("e=0.30000000000000004,0.6,0.9", grids[2].ToString());
    }

    [Theory]
    [InlineData("beta=1", "no parameter 'beta'", "e, a, alpha")]
    [InlineData("Alpha=1", "did you mean 'alpha'", "e, a, alpha")]
    public void an_unknown_parameter_is_an_argument_error_naming_the_valid_ones(string overrides, string problem, string names)
    {
        var e = Assert.Throws<ArgumentException>(() => InitialGrid.Paper(LawForm.PowerLaw).With(overrides));
        Assert.Contains(problem, e.Message);
        Assert.Contains(names, e.Message);
        Assert.Contains(names, Assert.Throws<ArgumentException>(() => InitialGrid.Paper(LawForm.PowerLaw).With("beta", 1)).Message);
    }

    [Theory]
    [InlineData("alpha=", "not name=values")]
    [InlineData("alpha", "not name=values")]
    [InlineData("=1", "not name=values")]
    [InlineData("alpha=1=2", "not name=values")]
    [InlineData("alpha=0,,1", "empty value")]
    [InlineData("alpha=0.1,", "empty value")]
    [InlineData("alpha=x", "'x' for 'alpha'")]
    [InlineData("alpha=0,5", "")] // valid: the control
    [InlineData("alpha=1,5 alpha=2", "names 'alpha' twice")]
    [InlineData("alpha=nan", "not finite")]
    [InlineData("alpha=1e999", "not finite")]
    [InlineData("alpha=0:1:0", "step of 0")]
    [InlineData("alpha=1:0:0.5", "empty")]
    [InlineData("alpha=0:1", "start:stop:step")]
    [InlineData("alpha=0:1:0.5:2", "start:stop:step")]
    [InlineData("alpha=0:100000:1", "more than 10000")]
    [InlineData("", "names no parameter")]
    public void text_that_does_not_read_is_a_format_error_naming_the_problem(string overrides, string problem)
    {
        var paper = InitialGrid.Paper(LawForm.PowerLaw);
        if (problem.Length == 0)
        {
            Assert.Equal([0.0, 5], paper.With(overrides)["alpha"]);
            return;
        }
        var e = Assert.Throws<FormatException>(() => paper.With(overrides));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void an_empty_or_non_finite_axis_is_an_argument_error()
    {
        var paper = InitialGrid.Paper(LawForm.PowerLaw);
        Assert.Contains("at least one value", Assert.Throws<ArgumentException>(() => paper.With("alpha", [])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => paper.With("alpha", 1, double.PositiveInfinity)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => paper.With("e", double.NaN)).Message);
    }
}
