using System.Security.Cryptography;
using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;

namespace VvsNotebook.Tests.Benchmarks;

/// <summary>Pins the offline suite's neural targets byte for byte, so sharing its construction with the simulated ROI set changes nothing.</summary>
public class OfflineSuiteBitIdentityTests
{
    [Fact]
    public void Offline_suite_neural_targets_and_stimuli_are_bit_identical_to_before_the_shared_construction()
    {
        var suite = OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 10 });
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var b in suite.OfType<NeuralBenchmark>())
        {
            foreach (var v in b.Target.ToRowMajorArray()) sha.AppendData(BitConverter.GetBytes(v));
            foreach (var v in b.Stimuli.Pixels) sha.AppendData(BitConverter.GetBytes(v));
        }
        // Recorded from OfflineSuite before OfflinePopulations was extracted (commit c67d121).
        Assert.Equal("6ba55e69ebc6f701f2d39fe82c9e7f5b41e1ccab6", Convert.ToHexStringLower(sha.GetHashAndReset())[..41]);
    }
}
