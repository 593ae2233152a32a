using System.Globalization;
using VvsNotebook.Display;
using VvsNotebook.Figures;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// A training run's loss and accuracy so far, one point per reported batch: what <c>#!train</c> shows and updates in
/// place while it trains. Renders as a Plotly figure (steps on x) with a one-line text summary.
/// </summary>
public sealed record TrainingCurve(string Name, IReadOnlyList<TrainingCurve.Point> Points) : IMimeRenderable
{
    /// <summary>One reported batch: optimizer step, running mean loss and accuracy of the epoch so far.</summary>
    public sealed record Point(int Step, int Epoch, int Epochs, double Loss, double Accuracy, double ImagesPerSecond);

    public TrainingCurve With(Point point) => this with { Points = [.. Points, point] };

    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var figure = new PlotlyFigure
        {
            Layout = new PlotlyLayout { Title = Name, XAxis = new PlotlyAxis("step"), YAxis = new PlotlyAxis("loss / accuracy"), Height = 320 },
        }.With(
            PlotlyFigure.LineTrace(Points.Select(p => (double)p.Step), Points.Select(p => p.Loss), "train loss"),
            PlotlyFigure.LineTrace(Points.Select(p => (double)p.Step), Points.Select(p => p.Accuracy), "train accuracy"));
        var bundle = figure.ToMimeBundle().ToDictionary(kv => kv.Key, kv => kv.Value);
        bundle[MimeTypes.Plain] = ToString();
        return bundle;
    }

    public override string ToString() => Points.Count == 0
        ? $"{Name}: starting"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Name}: epoch {Points[^1].Epoch + 1}/{Points[^1].Epochs}, step {Points[^1].Step}, loss {Points[^1].Loss:0.####}, accuracy {Points[^1].Accuracy:P1}, {Points[^1].ImagesPerSecond:0} img/s");
}
