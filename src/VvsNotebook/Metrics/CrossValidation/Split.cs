using System.Text.Json;
using System.Text.Json.Serialization;

namespace VvsNotebook.Metrics.CrossValidation;

/// <summary>One train/test partition of sample indices.</summary>
public sealed record Split(
    [property: JsonPropertyName("train")] IReadOnlyList<int> Train,
    [property: JsonPropertyName("test")] IReadOnlyList<int> Test)
{
    /// <summary>Checks that indices are within [0, n), non-empty and disjoint; names the split in the error.</summary>
    public void Validate(int n, int splitIndex = 0)
    {
        if (Train.Count == 0 || Test.Count == 0)
            throw new ArgumentException($"Split {splitIndex} has an empty {(Train.Count == 0 ? "train" : "test")} set.");
        var seen = new bool[n];
        foreach (var (set, name) in new[] { (Train, "train"), (Test, "test") })
            foreach (var i in set)
            {
                if (i < 0 || i >= n)
                    throw new ArgumentException($"Split {splitIndex}: {name} index {i} is outside [0, {n}).");
                if (seen[i])
                    throw new ArgumentException($"Split {splitIndex}: index {i} appears twice (train and test must be disjoint).");
                seen[i] = true;
            }
    }
}

/// <summary>Produces train/test splits for <c>n</c> samples (optionally with class labels).</summary>
public interface ISplitter
{
    IReadOnlyList<Split> GetSplits(int n, IReadOnlyList<string>? labels = null);
}

/// <summary>Reads and writes splits as JSON: a list of <c>{"train": [...], "test": [...]}</c> objects.</summary>
public static class SplitFile
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static IReadOnlyList<Split> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Splits file not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<Split> Parse(string json, string source = "<json>")
    {
        List<SplitDto>? dtos;
        try { dtos = JsonSerializer.Deserialize<List<SplitDto>>(json, Options); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Splits file {source} is not a JSON list of {{\"train\": [...], \"test\": [...]}} objects: {e.Message}", e);
        }
        if (dtos is null || dtos.Count == 0) throw new InvalidDataException($"Splits file {source} holds no splits.");
        return dtos.Select((d, i) => d.Train is null || d.Test is null
            ? throw new InvalidDataException($"Splits file {source}: split {i} lacks a \"train\" or \"test\" list.")
            : new Split(d.Train, d.Test)).ToArray();
    }

    public static string ToJson(IEnumerable<Split> splits) =>
        JsonSerializer.Serialize(splits.Select(s => new SplitDto { Train = s.Train.ToList(), Test = s.Test.ToList() }), Options);

    private sealed class SplitDto
    {
        [JsonPropertyName("train")] public List<int>? Train { get; set; }
        [JsonPropertyName("test")] public List<int>? Test { get; set; }
    }
}

/// <summary>Fixed, user-given splits (e.g. read with <see cref="SplitFile"/>).</summary>
public sealed record ExplicitSplits(IReadOnlyList<Split> Splits) : ISplitter
{
    public IReadOnlyList<Split> GetSplits(int n, IReadOnlyList<string>? labels = null)
    {
        for (var i = 0; i < Splits.Count; i++) Splits[i].Validate(n, i);
        return Splits;
    }
}
