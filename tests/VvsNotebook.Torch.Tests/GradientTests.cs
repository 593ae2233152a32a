using VvsNotebook.Torch;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Tests;

/// <summary>Autograd through the binding agrees with central finite differences (float64).</summary>
public sealed class GradientTests : TorchTest
{
    private static void AssertGradientMatchesFiniteDifferences(double[] values, long[] shape, Func<Tensor, Tensor> f, double tolerance = 1e-6)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(values, shape, requires_grad: true);
        f(x).backward();
        var analytic = x.grad!.data<double>();
        const double h = 1e-6;
        for (var i = 0; i < values.Length; i++)
        {
            var plus = (double[])values.Clone(); plus[i] += h;
            var minus = (double[])values.Clone(); minus[i] -= h;
            double fp, fm;
            using (torch.no_grad())
            {
                fp = f(torch.tensor(plus, shape)).item();
                fm = f(torch.tensor(minus, shape)).item();
            }
            var numeric = (fp - fm) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance * Math.Max(1, Math.Abs(numeric)),
                $"element {i}: autograd {analytic[i]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void conv2d_gradient_matches_finite_differences()
    {
        var w = torch.tensor(Random(2 * 2 * 3 * 3, 1), [2, 2, 3, 3]);
        var b = torch.tensor(Random(2, 2), [2]);
        AssertGradientMatchesFiniteDifferences(Random(1 * 2 * 5 * 5, 3), [1, 2, 5, 5],
            x => (F.conv2d(x, w, b, stride: 2, padding: 1) * F.conv2d(x, w, b, stride: 2, padding: 1)).sum());
    }

    [Fact]
    public void linear_gelu_layer_norm_gradient_matches_finite_differences()
    {
        var w = torch.tensor(Random(4 * 6, 4), [4, 6]);
        var g = torch.tensor(Random(4, 5), [4]);
        AssertGradientMatchesFiniteDifferences(Random(3 * 6, 6), [3, 6],
            x => F.layer_norm(F.gelu(F.linear(x, w)), [4], g).pow(3).sum());
    }

    [Fact]
    public void batch_norm_in_training_mode_gradient_matches_finite_differences()
    {
        AssertGradientMatchesFiniteDifferences(Random(4 * 2 * 2 * 2, 7), [4, 2, 2, 2],
            x => (F.batch_norm(x, null, null, null, null, training: true) * torch.tensor(Random(4 * 2 * 2 * 2, 8), [4, 2, 2, 2])).sum());
    }

    [Fact]
    public void attention_softmax_matmul_gradient_matches_finite_differences()
    {
        AssertGradientMatchesFiniteDifferences(Random(2 * 3 * 4, 9), [2, 3, 4], x =>
        {
            var attention = F.softmax(x.matmul(x.transpose(1, 2)), -1);
            return (attention.matmul(x) * torch.tensor(Random(24, 10), [2, 3, 4])).sum();
        });
    }

    [Fact]
    public void cross_entropy_gradient_matches_finite_differences_and_softmax_minus_onehot()
    {
        var target = torch.tensor(new long[] { 2, 0, 1 });
        AssertGradientMatchesFiniteDifferences(Random(3 * 4, 11), [3, 4], x => F.cross_entropy(x, target));

        // Analytic: d mean CE / d logits = (softmax - onehot) / batch.
        var logits = torch.tensor(Random(12, 11), [3, 4], requires_grad: true);
        F.cross_entropy(logits, target).backward();
        var p = F.softmax(logits.detach(), 1).data<double>();
        var grad = logits.grad!.data<double>();
        long[] t = [2, 0, 1];
        for (var i = 0; i < 12; i++)
            Assert.Equal((p[i] - (t[i / 4] == i % 4 ? 1 : 0)) / 3, grad[i], 12);
    }

    [Fact]
    public void pooling_gradients_match_finite_differences()
    {
        AssertGradientMatchesFiniteDifferences(Random(1 * 1 * 4 * 4, 12), [1, 1, 4, 4],
            x => (F.max_pool2d(x, 2).pow(2).sum() + F.avg_pool2d(x, 2, 1).pow(2).sum() + F.adaptive_avg_pool2d(x, 3, 3).pow(2).sum()));
    }
}
