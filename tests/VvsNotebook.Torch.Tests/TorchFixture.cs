using VvsNotebook.Torch;

namespace VvsNotebook.Torch.Tests;

/// <summary>Pins threads (the CI box has 2 cores) and gives each test a fresh seed.</summary>
public abstract class TorchTest
{
    protected TorchTest()
    {
        torch.set_num_threads(1);
        torch.manual_seed(0);
    }

    protected static double[] Random(int n, int seed)
    {
        var rng = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
    }
}
