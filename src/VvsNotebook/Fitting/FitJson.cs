using System.Text.Json.Nodes;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting;

/// <summary>
/// The JSON record of a fit: name, form, n_points, loss, params_lse, s_hat, A, alpha (lambda, B, beta where they
/// apply), best_start, starts_at_best, bootstrap {n, seed, params_lse_p2_5, params_lse_p50, params_lse_p97_5} and for
/// the joint law allocation {a, b, G, m, n, N_exponent, D_exponent}. Non-finite numbers are written as null.
/// </summary>
public static class FitJson
{
    public static JsonObject ToJson(ScalingLawFit fit)
    {
        var o = new JsonObject
        {
            ["name"] = fit.Name,
            ["form"] = fit.Form.Key(),
            ["n_points"] = fit.Data.Count,
            ["loss"] = N(fit.Loss),
            ["params_lse"] = Array(fit.ParametersLse),
            ["s_hat"] = N(fit.SHat),
            ["A"] = N(fit.A),
            ["alpha"] = N(fit.Alpha),
        };
        if (fit.Lambda is { } lambda) o["lambda"] = N(lambda);
        if (fit.B is { } b) o["B"] = N(b);
        if (fit.Beta is { } beta) o["beta"] = N(beta);
        o["best_start"] = Array(fit.BestStart);
        o["starts_at_best"] = fit.StartsAtBest;
        o["warnings"] = new JsonArray(fit.Warnings.Select(w => (JsonNode?)w).ToArray());
        if (fit.Bootstrap is { } boot)
            o["bootstrap"] = new JsonObject
            {
                ["n"] = boot.Count,
                ["seed"] = boot.Seed,
                ["params_lse_p2_5"] = Array(boot.ParameterPercentile(2.5)),
                ["params_lse_p50"] = Array(boot.ParameterPercentile(50)),
                ["params_lse_p97_5"] = Array(boot.ParameterPercentile(97.5)),
            };
        if (fit.Form == LawForm.Chinchilla && fit.Allocation is { } al)
            o["allocation"] = new JsonObject
            {
                ["a"] = N(al.APrime), ["b"] = N(al.BPrime), ["G"] = N(al.G), ["m"] = N(al.M), ["n"] = N(al.N),
                ["N_exponent"] = N(al.NExponent), ["D_exponent"] = N(al.DExponent),
            };
        return o;
    }

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonArray Array(IEnumerable<double> values) => new(values.Select(N).ToArray());
}
