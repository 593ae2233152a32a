using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting.Allocation;

/// <summary>Which G the compute-optimal frontier uses.</summary>
public enum FrontierG
{
    /// <summary>Eqs. 7 and 9 as printed: G = (alpha A / (beta B))^(1/(alpha+beta)) (0.9339 for <c>compute_chinchilla</c>).</summary>
    Equation9,

    /// <summary>
    /// As the paper's Fig. 4a notebook draws it: it hands the plotting-form parameters (E, A, -alpha, B, -beta) to
    /// <c>compute_scaling_law_coeffs</c>, so the exponent 1/(alpha+beta) changes sign and G becomes 1/G (1.0707);
    /// a' and b' do not change. N* comes out 1/G^2 times Eq. 9's and D* G^2 times (15% above and 13% below for
    /// <c>compute_chinchilla</c>), for the same C.
    /// </summary>
    InvertedAsPaperNotebook,
}

/// <summary>
/// S along the compute-optimal frontier N*(C), D*(C) of a joint-law fit with a compute column, with either
/// <see cref="FrontierG"/>. <see cref="Band"/> follows each bootstrap replicate's own frontier (its A, alpha, B,
/// beta; m and n fixed from the data, as the replicates share the data's N, D and C), as Fig. 4a. With
/// <see cref="FrontierG.Equation9"/> it equals <see cref="ScalingLawFit.PredictOnFrontier"/> and
/// <see cref="ScalingLawFit.FrontierBand"/>.
/// </summary>
public sealed class ComputeFrontier
{
    public ComputeFrontier(ScalingLawFit fit, FrontierG g = FrontierG.Equation9)
    {
        Fit = fit;
        G = g;
        var al = fit.Allocation ?? throw new InvalidOperationException("The frontier needs a joint-law fit with a compute column.");
        Allocation = Apply(al, g);
    }

    public ScalingLawFit Fit { get; }
    public FrontierG G { get; }
    /// <summary>The allocation this frontier follows (its <see cref="ComputeAllocation.G"/> already inverted where asked).</summary>
    public ComputeAllocation Allocation { get; }

    /// <summary>Optimal model size N* (raw parameter count) at raw compute <paramref name="flops"/>.</summary>
    public double OptimalN(double flops) => Allocation.OptimalN(flops);

    /// <summary>Optimal samples seen D* (raw) at raw compute <paramref name="flops"/>.</summary>
    public double OptimalD(double flops) => Allocation.OptimalD(flops);

    /// <summary>The fit's S (or L, for a fit that was not inverted) at (N*, D*) for raw compute <paramref name="flops"/>.</summary>
    public double Predict(double flops) => Fit.Predict(OptimalN(flops), OptimalD(flops));

    /// <summary>Pointwise percentile band of S over the finite replicates, each along its own frontier.</summary>
    public ConfidenceBand Band(IReadOnlyList<double> flops, double level = 95)
    {
        var boot = Fit.Bootstrap ?? throw new InvalidOperationException("No bootstrap: run ScalingLawFitter.Bootstrap and WithBootstrap first.");
        var reps = boot.FiniteReplicates().ToArray();
        var al = Allocation;
        var allocations = reps.Select(p => Apply(ComputeAllocation.FromCoefficients(Math.Exp(p[1]), p[2], Math.Exp(p[3]), p[4],
            al.N, al.M, al.R, al.NScale, al.DScale), G)).ToArray();
        var (nScale, dScale) = (Fit.Data.XScale[0], Fit.Data.XScale[1]);
        var lo = new double[flops.Count];
        var hi = new double[flops.Count];
        var column = new double[reps.Length];
        for (var k = 0; k < flops.Count; k++)
        {
            for (var r = 0; r < reps.Length; r++)
            {
                var loss = ScalingLaw.Loss(LawForm.Chinchilla, reps[r], allocations[r].OptimalN(flops[k]) / nScale, allocations[r].OptimalD(flops[k]) / dScale);
                column[r] = Fit.Data.InvertedY ? 1 - loss : loss;
            }
            Array.Sort(column);
            lo[k] = Percentile.OfSorted(column, (100 - level) / 2);
            hi[k] = Percentile.OfSorted(column, 100 - (100 - level) / 2);
        }
        return new ConfidenceBand(flops.ToArray(), lo, hi, level, reps.Length);
    }

    private static ComputeAllocation Apply(ComputeAllocation al, FrontierG g) =>
        g == FrontierG.InvertedAsPaperNotebook ? al with { G = 1 / al.G } : al;
}

/// <summary><c>fit.Frontier()</c>: the compute-optimal frontier of a joint-law fit.</summary>
public static class ComputeFrontierExtensions
{
    /// <summary>The frontier of <paramref name="fit"/> with Eq. 9's G, or the paper notebook's inverted one.</summary>
    public static ComputeFrontier Frontier(this ScalingLawFit fit, FrontierG g = FrontierG.Equation9) => new(fit, g);
}
