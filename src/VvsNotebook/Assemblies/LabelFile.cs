using System.Globalization;

namespace VvsNotebook.Assemblies;

/// <summary>Text files with one label (or number) per line; blank lines are ignored, '#' starts a comment.</summary>
public static class LabelFile
{
    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Label file not found: {path}", path);
        return File.ReadLines(path).Select(l => l.Split('#', 2)[0].Trim()).Where(l => l.Length > 0).ToArray();
    }

    public static IReadOnlyList<int> ReadIntegers(string path) => Read(path).Select((l, i) =>
        int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{path}: line {i + 1} has '{l}', which is not an integer.")).ToArray();

    public static IReadOnlyList<double> ReadNumbers(string path) => Read(path).Select((l, i) =>
        double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{path}: line {i + 1} has '{l}', which is not a number.")).ToArray();
}
