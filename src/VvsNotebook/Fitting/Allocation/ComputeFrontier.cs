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
/// <see cref="FrontierG.Equation9"/> it is what <see cref="ScalingLawFit.PredictOnFrontier"/> and
/// <see cref="ScalingLawFit.FrontierBand"/> draw.
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

    /// <summary>
    /// Pointwise percentile band of S over the finite replicates, each along its own frontier. Replicates without a
    /// frontier are left out (<see cref="ConfidenceBand.Replicates"/> counts those used): where a resample's best law has
    /// alpha or beta &lt;= 0, L does not fall with N or D, so no allocation minimises it (G is undefined) and its NaNs
    /// would blank the whole band. The paper's 444-model fit has none.
    /// </summary>
    public ConfidenceBand Band(IReadOnlyList<double> flops, double level = 95)
    {
        var boot = Fit.Bootstrap ?? throw new InvalidOperationException("No bootstrap: run ScalingLawFitter.Bootstrap and WithBootstrap first.");
        var al = Fit.Allocation!;
        var reps = boot.FiniteReplicates()
            .Select(p => (P: p, Rep: ComputeAllocation.FromCoefficients(Math.Exp(p[1]), p[2], Math.Exp(p[3]), p[4], al.N, al.M, al.R, al.NScale, al.DScale)))
            .Where(r => r.P[2] > 0 && r.P[4] > 0 && double.IsFinite(r.Rep.G) && r.Rep.G > 0)
            .Select(r => (r.P, Rep: Apply(r.Rep, G)))
            .ToArray();
        if (reps.Length == 0) throw new InvalidOperationException("No bootstrap replicate has a compute-optimal frontier (each has alpha or beta <= 0).");
        var (nScale, dScale) = (Fit.Data.XScale[0], Fit.Data.XScale[1]);
        return ConfidenceBand.Pointwise(flops, reps.Length, (r, k) =>
        {
            var loss = ScalingLaw.Loss(LawForm.Chinchilla, reps[r].P, reps[r].Rep.OptimalN(flops[k]) / nScale, reps[r].Rep.OptimalD(flops[k]) / dScale);
            return Fit.Data.InvertedY ? 1 - loss : loss;
        }, level);
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
