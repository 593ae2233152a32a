namespace VvsNotebook.Training.Data;

/// <summary>
/// The paper's data-scaling subsets: d images of every class drawn without replacement with a seed (d in
/// {1, 3, 10, 30, 100, 300, all}). The indices are returned sorted and saved with the run, so it can be rebuilt exactly.
/// </summary>
public static class ClassBalancedSubset
{
    /// <param name="samplesPerClass">d; null takes every image.</param>
    public static int[] Select(IReadOnlyList<int> labels, int classes, int? samplesPerClass, int seed)
    {
        if (samplesPerClass is null) return Enumerable.Range(0, labels.Count).ToArray();
        var d = samplesPerClass.Value;
        if (d < 1) throw new ArgumentOutOfRangeException(nameof(samplesPerClass), d, "Samples per class must be at least 1 (or null for all).");
        var byClass = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < labels.Count; i++) byClass[labels[i]].Add(i);
        var rng = new Random(seed);
        var chosen = new List<int>(d * classes);
        for (var c = 0; c < classes; c++)
        {
            var pool = byClass[c];
            if (pool.Count < d)
                throw new ArgumentOutOfRangeException(nameof(samplesPerClass), d, $"Class {c} has only {pool.Count} images; cannot take {d} per class.");
            // Partial Fisher-Yates: the first d of a seeded shuffle.
            var items = pool.ToArray();
            for (var i = 0; i < d; i++)
            {
                var j = rng.Next(i, items.Length);
                (items[i], items[j]) = (items[j], items[i]);
            }
            chosen.AddRange(items.Take(d));
        }
        chosen.Sort();
        return chosen.ToArray();
    }
}
