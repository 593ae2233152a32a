using TorchSharp;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// "pc": supervised predictive coding (Whittington &amp; Bogacz 2017). Every layer output has a value node x_l, started
/// at the forward pass; the output node is clamped to a target and the hidden nodes descend the energy
/// F = Σ_l ½‖x_l − f_l(x_{l−1})‖² for <see cref="RuleTrainingOptions.PcInferenceSteps"/> steps. Each layer then learns
/// from its own prediction error e_l = x_l − f_l(x_{l−1}) and its own input alone (every x detached), which near
/// equilibrium and for a small output nudge approximates backpropagation's gradient.
/// </summary>
public sealed class PredictiveCodingRule : ILearningRule
{
    public string Name => "pc";

    public RuleRun Train(RuleCnn model, ImageDataset train, ImageDataset validation, RuleTrainingOptions options,
        IProgress<RuleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var session = new RuleSession(Name, model, train, validation, options, progress, cancellationToken);
        using var optimizer = session.Optimizer(model.parameters(), session.LearningRate);
        model.train();
        session.Epochs(options.Epochs, "train", (x, y) =>
        {
            var values = Infer(model, x, y, options.PcInferenceSteps, options.PcInferenceRate, options.PcTargetNudge, out var logits);
            optimizer.zero_grad();
            AccumulateWeightGradients(model, values, options.PcTargetNudge);
            optimizer.step();
            return (F.cross_entropy(logits, y).item<float>(), logits);
        });
        return session.Finish();
    }

    /// <summary>
    /// Value nodes x_0 (the images) .. x_5 (the clamped output) after inference, detached. The target is the
    /// cross-entropy-consistent nudge logits − nudge·(softmax(logits) − one-hot), so the output error is −nudge·∂CE/∂logits.
    /// <paramref name="logits"/> is the forward prediction the nodes started from.
    /// </summary>
    public static IReadOnlyList<Tensor> Infer(RuleCnn model, Tensor images, Tensor labels, int steps, double rate, double nudge, out Tensor logits)
    {
        var values = new Tensor[RuleCnn.LayerNames.Count + 1];
        values[0] = images.detach();
        using (torch.no_grad())
        {
            for (var l = 1; l < values.Length; l++) values[l] = model.Layer(l - 1, values[l - 1]);
            logits = values[^1];
            var classes = logits.size(1);
            values[^1] = logits - nudge * (F.softmax(logits, 1) - F.one_hot(labels, classes).to(logits.dtype));
        }
        var hidden = values[1..^1].Select(v => v.clone().requires_grad_(true)).ToArray();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor energy;
            using (torch.enable_grad()) energy = Energy(model, [values[0], .. hidden, values[^1]]);
            var gradients = torch.autograd.grad([energy], hidden);
            using (torch.no_grad())
                for (var i = 0; i < hidden.Length; i++) hidden[i].sub_(gradients[i] * rate);
        }
        for (var i = 0; i < hidden.Length; i++) values[i + 1] = hidden[i].detach();
        return values;
    }

    /// <summary>F = Σ_l ½‖x_l − f_l(x_{l−1})‖² over the batch, for value nodes x_0..x_5.</summary>
    public static Tensor Energy(RuleCnn model, IReadOnlyList<Tensor> values)
    {
        Tensor? energy = null;
        for (var l = 1; l < values.Count; l++)
        {
            var term = 0.5 * (values[l] - model.Layer(l - 1, values[l - 1])).square().sum();
            energy = energy is null ? term : energy + term;
        }
        return energy!;
    }

    /// <summary>
    /// Adds each layer's local update, ∂F/∂W_l = −e_l·∂f_l/∂W_l with every value node detached, to the parameters'
    /// gradients, divided by nudge × batch so it is on the scale of the mean cross-entropy gradient.
    /// </summary>
    public static void AccumulateWeightGradients(RuleCnn model, IReadOnlyList<Tensor> values, double nudge)
    {
        var detached = values.Select(v => v.detach()).ToList();
        using (torch.enable_grad())
            (Energy(model, detached) / (nudge * detached[0].size(0))).backward();
    }
}
