using TorchSharp;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// "stdp": unsupervised, local Hebbian learning of the conv layers, then a supervised linear readout. Static images
/// carry no spike timing, so this is a rate-based approximation of STDP, as the study's own implementation
/// necessarily is: for each layer, sampled 3x3 input patches x excite the filters (u = W x), a soft winner-take-all
/// over channels (y = softmax(u / temperature), the lateral inhibition) picks who learns, and each filter moves by
/// the Oja/SoftHebb update Δw_k ∝ Σ y_k (x − u_k w_k), then is renormalised to unit length. All four layers learn
/// jointly per batch, each from the output of the (frozen for that step) layers below, without labels; biases stay
/// at zero. The classifier is then trained alone with labels (<see cref="RuleTrainingOptions.StdpReadoutEpochs"/>)
/// on the frozen features; the curve holds the readout epochs.
/// </summary>
public sealed class HebbianRule : ILearningRule
{
    public string Name => "stdp";

    public RuleRun Train(RuleCnn model, ImageDataset train, ImageDataset validation, RuleTrainingOptions options,
        IProgress<RuleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var session = new RuleSession(Name, model, train, validation, options, progress, cancellationToken);
        var generator = new torch.Generator((ulong)Seeds.Derive(options.Seed, 0x57D9));
        model.train();
        using (torch.no_grad())
            session.Epochs(options.Epochs, "hebbian", (x, _) => (HebbianStep(model, x, session.LearningRate, options.StdpTemperature, options.StdpPatchesPerBatch, generator), null), record: false);

        var readoutRate = options.StdpReadoutLearningRate ?? (options.Optimizer == "sgd" ? 0.1 : 1e-2);
        using var optimizer = session.Optimizer(model.Classifier.parameters(), readoutRate);
        var frozen = model.Blocks.SelectMany(b => b.parameters()).ToList();
        foreach (var p in frozen) p.requires_grad_(false);
        try
        {
            session.Epochs(options.StdpReadoutEpochs, "readout", (x, y) => RuleSession.GradientStep(optimizer, () =>
            {
                var features = x;
                for (var l = 0; l < 4; l++) features = model.Layer(l, features);
                return model.Layer(4, features);
            }, y));
        }
        finally
        {
            foreach (var p in frozen) p.requires_grad_(true);
        }
        if (session.Curve.Count == 0) session.Curve.Add(session.EvaluateAsIs(0));
        return session.Finish();
    }

    /// <summary>
    /// One Hebbian update of conv1..conv4 on a batch (no labels); returns the mean competition-weighted mismatch
    /// 1 − cos(patch, filter) over the layers.
    /// </summary>
    public static double HebbianStep(RuleCnn model, Tensor images, double rate, double temperature, int patchesPerBatch, torch.Generator generator)
    {
        using var _ = torch.no_grad();
        var x = images;
        double mismatch = 0;
        foreach (var block in model.Blocks)
        {
            var weight = block.Conv.weight!;
            var filters = weight.view(weight.size(0), -1);                                                // [O, C*9]
            var patches = F.unfold(x, 3, padding: 1).transpose(1, 2).reshape(-1, filters.size(1));       // [N*L, C*9]
            if (patches.size(0) > patchesPerBatch)
                patches = patches.index_select(0, torch.randperm(patches.size(0), generator: generator).narrow(0, 0, patchesPerBatch));
            var norms = patches.norm(1, keepdim: true).clamp_min(1e-6);
            var unitFilters = filters / filters.norm(1, keepdim: true).clamp_min(1e-12);
            // Competition on the cosine, so the temperature means the same in every layer whatever its input scale.
            var cosine = patches.mm(unitFilters.t()) / norms;                                              // [P, O]
            var winners = F.softmax(cosine / temperature, 1);
            mismatch += (1 - (winners * cosine).sum(1)).mean().item<float>();
            var response = patches.mm(filters.t());                                                        // u = W x
            var update = (winners.t().mm(patches) - (winners * response).sum([0L]).unsqueeze(1) * filters) / patches.size(0);
            filters.add_(update * (rate / norms.mean().item<float>()));
            filters.div_(filters.norm(1, keepdim: true).clamp_min(1e-12));
            x = block.call(x);
        }
        return mismatch / model.Blocks.Count;
    }
}
