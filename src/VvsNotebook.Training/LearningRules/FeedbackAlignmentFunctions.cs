using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// A 3x3, stride 1, padding 1 convolution (RuleCnn's) whose backward pass sends the error to the input through a
/// fixed feedback tensor B instead of the forward weights: grad_input = conv_transpose2d(grad_out, B). The weight
/// and bias gradients are the true, local ones. Inputs: (input, weight, bias, feedback).
/// </summary>
public sealed class FeedbackAlignmentConv2d : torch.autograd.SingleTensorFunction<FeedbackAlignmentConv2d>
{
    public override string Name => nameof(FeedbackAlignmentConv2d);

    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, weight, bias, feedback) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3]);
        if (!feedback.shape.SequenceEqual(weight.shape) || weight.size(2) != 3 || weight.size(3) != 3)
            throw new ArgumentException($"Feedback [{string.Join(", ", feedback.shape)}] must have the 3x3 weight's shape [{string.Join(", ", weight.shape)}].");
        ctx.save_for_backward([input, feedback]);
        // Not needed for the image: computing it would also run oneDNN's backward-data path with one output channel.
        ctx.save_data("input_grad", input.requires_grad);
        return F.conv2d(input, weight, bias, padding: [1, 1]);
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (input, feedback) = (saved[0], saved[1]);
        var gradInput = (bool)ctx.get_data("input_grad") ? F.conv_transpose2d(grad_output, feedback, padding: [1, 1]) : null;
        // The true weight gradient as a matrix product of the output error with the unfolded input patches.
        var (n, outChannels) = (grad_output.size(0), grad_output.size(1));
        var patches = F.unfold(input, 3, padding: 1);                                   // [N, C*9, L]
        var gradWeight = grad_output.reshape(n, outChannels, -1).bmm(patches.transpose(1, 2)).sum([0L]).reshape(feedback.shape);
        var gradBias = grad_output.sum([0, 2, 3]);
        return [gradInput!, gradWeight, gradBias, null!];
    }
}

/// <summary>A linear layer whose backward pass uses a fixed feedback matrix B: grad_input = grad_out · B. Inputs: (input, weight, bias, feedback).</summary>
public sealed class FeedbackAlignmentLinear : torch.autograd.SingleTensorFunction<FeedbackAlignmentLinear>
{
    public override string Name => nameof(FeedbackAlignmentLinear);

    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, weight, bias, feedback) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3]);
        if (!feedback.shape.SequenceEqual(weight.shape))
            throw new ArgumentException($"Feedback [{string.Join(", ", feedback.shape)}] must have the weight's shape [{string.Join(", ", weight.shape)}].");
        ctx.save_for_backward([input, feedback]);
        ctx.save_data("input_grad", input.requires_grad);
        return F.linear(input, weight, bias);
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (input, feedback) = (saved[0], saved[1]);
        var gradInput = (bool)ctx.get_data("input_grad") ? grad_output.mm(feedback) : null;
        return [gradInput!, grad_output.t().mm(input), grad_output.sum([0L]), null!];
    }
}
