using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Metrics.CrossValidation;

/// <summary>Train and test sizes as scikit-learn's <c>_validate_shuffle_split</c> derives them.</summary>
internal static class SplitSizes
{
    /// <summary>n_train = floor(train_size * n); the test set is the complement.</summary>
    public static (int Train, int Test) FromTrainFraction(int n, double trainSize)
    {
        if (!(trainSize > 0 && trainSize < 1))
            throw new ArgumentOutOfRangeException(nameof(trainSize), $"Train fraction must lie in (0, 1); got {trainSize}.");
        var nTrain = (int)Math.Floor(trainSize * n);
        var nTest = n - nTrain;
        if (nTrain == 0 || nTest == 0)
            throw new ArgumentException($"With {n} samples and train fraction {trainSize}, the train or test set would be empty.");
        return (nTrain, nTest);
    }
}

/// <summary>scikit-learn's <c>ShuffleSplit(n_splits, train_size, random_state)</c>, same indices for the same seed.</summary>
public sealed record ShuffleSplits(int NSplits = 10, double TrainSize = 0.5, uint Seed = 1) : ISplitter
{
    public IReadOnlyList<Split> GetSplits(int n, IReadOnlyList<string>? labels = null)
    {
        var (nTrain, nTest) = SplitSizes.FromTrainFraction(n, TrainSize);
        var rng = new NumpyRandomState(Seed);
        var splits = new Split[NSplits];
        for (var s = 0; s < NSplits; s++)
        {
            var perm = rng.Permutation(n);
            splits[s] = new Split(perm[nTest..(nTest + nTrain)], perm[..nTest]);
        }
        return splits;
    }
}

/// <summary>
/// scikit-learn's <c>StratifiedShuffleSplit(n_splits, train_size, random_state)</c>: class proportions preserved,
/// same indices for the same seed and label order (the default is Brain-Score's 10 x 90/10, seed 1).
/// </summary>
public sealed record StratifiedShuffleSplits(int NSplits = 10, double TrainSize = 0.9, uint Seed = 1) : ISplitter
{
    public IReadOnlyList<Split> GetSplits(int n, IReadOnlyList<string>? labels = null)
    {
        if (labels is null) throw new ArgumentException("Stratified splits need one class label per sample.");
        if (labels.Count != n) throw new ArgumentException($"Got {labels.Count} stratification labels for {n} samples.");
        var (nTrain, nTest) = SplitSizes.FromTrainFraction(n, TrainSize);
        // np.unique sorts class names ordinally; class members keep sample order (stable mergesort).
        var classes = labels.Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();
        var classOf = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        var members = classes.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < n; i++) members[classOf[labels[i]]].Add(i);
        var counts = members.Select(m => m.Count).ToArray();
        var smallest = counts.Select((c, i) => (c, i)).MinBy(t => t.c);
        if (smallest.c < 2)
            throw new ArgumentException($"Class '{classes[smallest.i]}' has only {smallest.c} sample; stratified splits need at least 2 per class.");
        if (nTrain < classes.Length)
            throw new ArgumentException($"The train set ({nTrain} samples) is smaller than the number of classes ({classes.Length}): some class would be empty.");
        if (nTest < classes.Length)
            throw new ArgumentException($"The test set ({nTest} samples) is smaller than the number of classes ({classes.Length}): some class would be empty.");

        var rng = new NumpyRandomState(Seed);
        var splits = new Split[NSplits];
        for (var s = 0; s < NSplits; s++)
        {
            var nI = ApproximateMode(counts, nTrain, rng);
            var remaining = counts.Select((c, i) => c - nI[i]).ToArray();
            var tI = ApproximateMode(remaining, nTest, rng);
            var train = new List<int>(nTrain);
            var test = new List<int>(nTest);
            for (var c = 0; c < classes.Length; c++)
            {
                var perm = rng.Permutation(counts[c]);
                for (var k = 0; k < nI[c]; k++) train.Add(members[c][perm[k]]);
                for (var k = nI[c]; k < nI[c] + tI[c]; k++) test.Add(members[c][perm[k]]);
            }
            var trainArr = train.ToArray();
            var testArr = test.ToArray();
            rng.Shuffle<int>(trainArr);
            rng.Shuffle<int>(testArr);
            splits[s] = new Split(trainArr, testArr);
        }
        return splits;
    }

    /// <summary>scikit-learn's <c>_approximate_mode</c>: the most likely multivariate-hypergeometric draw, ties by RNG.</summary>
    internal static int[] ApproximateMode(int[] classCounts, int nDraws, NumpyRandomState rng)
    {
        double total = classCounts.Sum();
        var continuous = classCounts.Select(c => c / total * nDraws).ToArray();
        var floored = continuous.Select(Math.Floor).ToArray();
        var needToAdd = (int)(nDraws - floored.Sum());
        if (needToAdd > 0)
        {
            var remainder = continuous.Select((c, i) => c - floored[i]).ToArray();
            foreach (var value in remainder.Distinct().OrderByDescending(v => v))
            {
                var inds = Enumerable.Range(0, remainder.Length).Where(i => remainder[i] == value).ToArray();
                var addNow = Math.Min(inds.Length, needToAdd);
                var chosen = rng.Permutation(inds.Length);
                for (var k = 0; k < addNow; k++) floored[inds[chosen[k]]] += 1;
                needToAdd -= addNow;
                if (needToAdd == 0) break;
            }
        }
        return floored.Select(f => (int)f).ToArray();
    }
}

/// <summary>scikit-learn's <c>KFold(n_splits, shuffle, random_state)</c>: the first n % k folds get one extra sample.</summary>
public sealed record KFoldSplits(int NSplits = 5, bool Shuffle = true, uint Seed = 0) : ISplitter
{
    public IReadOnlyList<Split> GetSplits(int n, IReadOnlyList<string>? labels = null)
    {
        if (NSplits < 2) throw new ArgumentOutOfRangeException(nameof(NSplits), "K-fold needs at least 2 folds.");
        if (n < NSplits) throw new ArgumentException($"Cannot make {NSplits} folds from {n} samples.");
        var idx = Enumerable.Range(0, n).ToArray();
        if (Shuffle) new NumpyRandomState(Seed).Shuffle<int>(idx);
        var splits = new Split[NSplits];
        var start = 0;
        for (var f = 0; f < NSplits; f++)
        {
            var size = n / NSplits + (f < n % NSplits ? 1 : 0);
            // scikit-learn returns both index sets in ascending sample order.
            var test = idx[start..(start + size)].Order().ToArray();
            var train = idx[..start].Concat(idx[(start + size)..]).Order().ToArray();
            splits[f] = new Split(train, test);
            start += size;
        }
        return splits;
    }
}
