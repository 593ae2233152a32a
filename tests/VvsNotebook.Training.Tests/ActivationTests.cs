using VvsNotebook.Activations;
using TorchSharp;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Training.Tests;

public sealed class ActivationTests
{
    [Fact]
    public void activations_are_the_flattened_layer_outputs_per_image()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        torch.manual_seed(0);
        var input = InputShape.FashionMnist;
        using var model = ModelZoo.Create(new ModelSpec("small_cnn", Input: input, NumClasses: 10));
        var source = new TorchActivationSource("small_cnn", model, input, (0.5f, 0.25f), batchSize: 3);
        Assert.Equal(["features", "features.0", "features.1"], source.LayerNames.Take(3));

        var rng = new Random(0);
        var pixels = Enumerable.Range(0, 5 * 28 * 28).Select(_ => (float)Math.Round(rng.NextDouble() * 255) / 255f).ToArray();
        var images = new ImageBatch(pixels, 5, 1, 28, 28);
        var acts = source.GetActivations(images, ["features.3", "classifier"]);
        Assert.Equal((5, 16 * 14 * 14), (acts["features.3"].RowCount, acts["features.3"].ColumnCount));
        Assert.Equal((5, 10), (acts["classifier"].RowCount, acts["classifier"].ColumnCount));

        // Same numbers as a direct eval-mode forward of the normalised images.
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var logits = model.call(torch.tensor(pixels.Select(p => (p - 0.5f) / 0.25f).ToArray(), [5, 1, 28, 28])).data<float>().ToArray();
        for (var i = 0; i < 5; i++)
            for (var j = 0; j < 10; j++)
                Assert.Equal(logits[i * 10 + j], acts["classifier"][i, j], 4);

        // A 56x56 RGB stimulus whose 2x2 blocks are uniform reaches the 28x28 grey model exactly as its block values.
        var big = new float[3 * 56 * 56];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 56; y++)
                for (var x = 0; x < 56; x++)
                    big[(c * 56 + y) * 56 + x] = pixels[(y / 2) * 28 + x / 2];
        var fromBig = source.GetActivations(new ImageBatch(big, 1, 3, 56, 56), ["classifier"])["classifier"];
        for (var j = 0; j < 10; j++) Assert.Equal(acts["classifier"][0, j], fromBig[0, j], 4);

        Assert.Contains("no layer 'fc'", Assert.Throws<ArgumentException>(() => source.GetActivations(images, ["fc"])).Message);
        Assert.True(model.training == false);
    }
}
