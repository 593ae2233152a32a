using VvsNotebook.Training.Studies;

namespace VvsNotebook.Training.Tests.Alignment;

public sealed class ParetoFrontTests
{
    [Fact]
    public void the_front_holds_exactly_the_points_no_other_beats_on_both_axes()
    {
        // (0,3) (1,2) (2,1) trade off; (0.5,1.5) is beaten by (1,2); (2,0.5) by (2,1); (3,0) has the best x.
        (double, double)[] points = [(1, 2), (0.5, 1.5), (2, 1), (0, 3), (2, 0.5), (3, 0)];
        Assert.Equal([3, 0, 2, 5], ParetoFront.Maximal(points));
    }

    [Fact]
    public void ties_are_kept_nans_dropped_and_a_single_best_point_is_the_whole_front()
    {
        Assert.Equal([0, 1], ParetoFront.Maximal([(1, 1), (1, 1), (0, 0)]));
        Assert.Equal([1], ParetoFront.Maximal([(double.NaN, 5), (1, 1), (0.5, 0.5)]));
        Assert.Equal([2], ParetoFront.Maximal([(0, 0), (1, 0), (1, 1), (0, 1)]));
    }
}
