using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using VvsNotebook.Activations;

namespace VvsNotebook.Stimuli;

/// <summary>
/// A Brain-Score stimulus set: a CSV with one row per stimulus (<c>stimulus_id</c> or legacy <c>image_id</c>, a file
/// name column, and metadata such as <c>object_name</c> or <c>texture_type</c>) plus the images, in a folder or a zip.
/// </summary>
public sealed class StimulusSet
{
    private readonly Dictionary<string, int> _row;
    private readonly Func<string, byte[]> _open;

    private StimulusSet(IReadOnlyList<string> ids, IReadOnlyDictionary<string, IReadOnlyList<string>> columns, IReadOnlyList<string> files, Func<string, byte[]> open)
    {
        Ids = ids; Columns = columns; Files = files; _open = open;
        _row = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
            if (!_row.TryAdd(ids[i], i)) throw new InvalidDataException($"Stimulus set lists stimulus '{ids[i]}' twice.");
    }

    public IReadOnlyList<string> Ids { get; }
    /// <summary>All CSV columns by name, one value per stimulus.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; }
    public IReadOnlyList<string> Files { get; }

    /// <summary>Loads the CSV; <paramref name="images"/> is a folder or a .zip holding the image files.</summary>
    public static StimulusSet Load(string csvPath, string images)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"Stimulus CSV not found: {csvPath}", csvPath);
        using var reader = new StreamReader(csvPath);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read(); csv.ReadHeader();
        var header = csv.HeaderRecord ?? throw new InvalidDataException($"{csvPath} has no header.");
        var cols = header.ToDictionary(h => h, _ => new List<string>());
        while (csv.Read())
            foreach (var h in header) cols[h].Add(csv.GetField(h) ?? "");
        var idCol = new[] { "stimulus_id", "image_id" }.FirstOrDefault(cols.ContainsKey)
            ?? throw new InvalidDataException($"{csvPath} has neither a stimulus_id nor an image_id column.");
        var fileCol = new[] { "filename", "image_file_name", "stimulus_path_within_store", "image_path_within_store" }.FirstOrDefault(cols.ContainsKey)
            ?? throw new InvalidDataException($"{csvPath} names no image file column (filename or image_file_name).");
        Func<string, byte[]> open;
        if (Directory.Exists(images))
            open = f => File.Exists(Path.Combine(images, f)) ? File.ReadAllBytes(Path.Combine(images, f))
                : throw new FileNotFoundException($"Stimulus image {f} not found in {images}.");
        else if (File.Exists(images) && images.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var zip = ZipFile.OpenRead(images);
            var byName = zip.Entries.Where(e => e.Length > 0).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First());
            open = f =>
            {
                if (!byName.TryGetValue(Path.GetFileName(f), out var entry)) throw new FileNotFoundException($"Stimulus image {f} not found in {images}.");
                lock (zip)
                {
                    using var s = entry.Open(); using var ms = new MemoryStream(); s.CopyTo(ms); return ms.ToArray();
                }
            };
        }
        else throw new FileNotFoundException($"Stimulus images not found: {images} (a folder or a .zip).", images);
        return new StimulusSet(cols[idCol], cols.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value), cols[fileCol], open);
    }

    /// <summary>A metadata column for the given stimulus ids (e.g. object_name for stratification).</summary>
    public IReadOnlyList<string> Column(string name, IReadOnlyList<string> ids) => Columns.TryGetValue(name, out var col)
        ? ids.Select(id => col[Row(id)]).ToArray()
        : throw new ArgumentException($"The stimulus set has no column '{name}'. Columns: {string.Join(", ", Columns.Keys)}.");

    /// <summary>The images of <paramref name="ids"/> as one RGB batch; all must share one size.</summary>
    public ImageBatch LoadImages(IReadOnlyList<string> ids)
    {
        RgbImage? first = null;
        float[]? pixels = null;
        for (var k = 0; k < ids.Count; k++)
        {
            var file = Files[Row(ids[k])];
            var img = PngImage.Decode(_open(file), file);
            first ??= img;
            if ((img.Width, img.Height) != (first.Width, first.Height))
                throw new InvalidDataException($"Stimulus {ids[k]} is {img.Width}x{img.Height}; the others are {first.Width}x{first.Height}.");
            pixels ??= new float[ids.Count * 3 * img.Width * img.Height];
            var hw = img.Width * img.Height;
            for (var p = 0; p < hw; p++)
                for (var c = 0; c < 3; c++) pixels[(k * 3 + c) * hw + p] = img.Rgb[p * 3 + c];
        }
        if (first is null) throw new ArgumentException("No stimuli requested.");
        return new ImageBatch(pixels!, ids.Count, 3, first.Height, first.Width);
    }

    private int Row(string id) => _row.TryGetValue(id, out var r) ? r : throw new KeyNotFoundException($"Stimulus '{id}' is not in the stimulus set.");
}
