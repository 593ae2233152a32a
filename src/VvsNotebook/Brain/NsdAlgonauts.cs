using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Assemblies;
using VvsNotebook.Serialization;
using VvsNotebook.Stimuli;

namespace VvsNotebook.Brain;

/// <summary>How much of one Algonauts 2023 NSD subject to load.</summary>
public sealed record NsdOptions
{
    /// <summary>subj01 .. subj08.</summary>
    public string Subject { get; init; } = "subj01";
    /// <summary>ROIs by name (<see cref="NsdAlgonauts.RoiLabels"/>); the paper's V1 and VVS by default.</summary>
    public IReadOnlyList<string> Rois { get; init; } = ["V1", "VVS"];
    /// <summary>The first this many training images (in file order); null loads all (~9,000, several GB of pixels).</summary>
    public int? MaxImages { get; init; } = 1000;
    /// <summary>Side the 425 x 425 images are resized to on load (bilinear), to keep memory small.</summary>
    public int ImageSize { get; init; } = 96;
}

/// <summary>
/// The Natural Scenes Dataset as the Algonauts 2023 challenge released it (Gifford et al. 2023; Allen et al. 2022),
/// one subject at a time: <c>subjXX/training_split/training_fmri/{lh,rh}_training_fmri.npy</c> (training images x
/// challenge-space vertices, z-scored per session and averaged over repeats), the ROI label maps
/// <c>subjXX/roi_masks/{lh,rh}.{prf-visualrois,streams}_challenge_space.npy</c> with their id-to-name dictionaries
/// <c>mapping_{prf-visualrois,streams}.npy</c> (pickled, as <c>np.load(..., allow_pickle=True).item()</c> reads
/// them), and the images <c>training_split/training_images/train-XXXX_nsd-YYYYY.png</c> (XXXX: the one-based fMRI
/// row). V1 is V1v + V1d of prf-visualrois; VVS is the "ventral" stream. Responses are already averaged over repeats,
/// so each stimulus has one trial (split-half reliability cannot be computed from this release); the release has no
/// category labels, so every stimulus's category is "nsd". Files: data-manifests/nsd.yaml.
/// </summary>
public static class NsdAlgonauts
{
    /// <summary>ROI name → (label map, label names in its mapping file).</summary>
    public static IReadOnlyDictionary<string, (string Map, IReadOnlyList<string> Labels)> RoiLabels { get; } =
        new Dictionary<string, (string, IReadOnlyList<string>)>
        {
            ["V1"] = ("prf-visualrois", ["V1v", "V1d"]),
            ["V2"] = ("prf-visualrois", ["V2v", "V2d"]),
            ["V3"] = ("prf-visualrois", ["V3v", "V3d"]),
            ["hV4"] = ("prf-visualrois", ["hV4"]),
            ["early"] = ("streams", ["early"]),
            ["VVS"] = ("streams", ["ventral"]),
            ["lateral"] = ("streams", ["lateral"]),
        };

    private static readonly Regex ImageName = new(@"^train-(\d{4,})_nsd-(\d{5})\.png$", RegexOptions.CultureInvariant);

    public static BrainRoiSet Load(string dataDirectory, string subject = "subj01") => Load(dataDirectory, new NsdOptions { Subject = subject });

    public static BrainRoiSet Load(string dataDirectory, NsdOptions options)
    {
        if (options.Rois.Count == 0) throw new ArgumentException("Name at least one NSD ROI, e.g. V1 or VVS.");
        foreach (var roi in options.Rois)
            if (!RoiLabels.ContainsKey(roi)) throw new ArgumentException($"Unknown NSD ROI '{roi}'; known: {string.Join(", ", RoiLabels.Keys)}.");
        if (options.MaxImages is < 3) throw new ArgumentException($"MaxImages must be at least 3 (got {options.MaxImages}).");
        if (options.ImageSize < 8) throw new ArgumentException($"ImageSize must be at least 8 (got {options.ImageSize}).");
        var dir = SubjectDirectory(dataDirectory, options.Subject);
        var imagesDir = Path.Combine(dir, "training_split", "training_images");
        if (!Directory.Exists(imagesDir))
            throw new DirectoryNotFoundException($"{imagesDir} is missing; extract the subject's Algonauts 2023 archive (manifest nsd) so that it holds train-XXXX_nsd-YYYYY.png.");
        var files = Directory.GetFiles(imagesDir, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new InvalidDataException($"{imagesDir} holds no train-XXXX_nsd-YYYYY.png images; re-extract the subject's archive.");
        var ids = new List<string>();
        for (var i = 0; i < files.Length; i++)
        {
            var m = ImageName.Match(files[i]!);
            if (!m.Success) throw new InvalidDataException($"{Path.Combine(imagesDir, files[i]!)} is not named train-XXXX_nsd-YYYYY.png; the release's names carry the fMRI row and the NSD id.");
            if (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) != i + 1)
                throw new InvalidDataException($"{files[i]} is image {i + 1} in name order but says row {m.Groups[1].Value}; an image is missing from {imagesDir}.");
            ids.Add($"nsd-{m.Groups[2].Value}");
        }
        var count = Math.Min(files.Length, options.MaxImages ?? files.Length);

        var responses = new List<RoiResponses>();
        var fmriDir = Path.Combine(dir, "training_split", "training_fmri");
        var maps = new Dictionary<string, IReadOnlyDictionary<long, string>>();
        var hemispheres = new[] { "lh", "rh" };
        var columns = options.Rois.ToDictionary(r => r, _ => hemispheres.ToDictionary(h => h, _ => new List<int>()));
        foreach (var hemi in hemispheres)
            foreach (var roi in options.Rois)
            {
                var (map, labels) = RoiLabels[roi];
                var names = maps.TryGetValue(map, out var known) ? known : maps[map] = ReadMapping(Path.Combine(dir, "roi_masks", $"mapping_{map}.npy"));
                var wanted = labels.Select(l => names.FirstOrDefault(kv => kv.Value == l) is { Value: not null } kv ? kv.Key
                    : throw new InvalidDataException($"mapping_{map}.npy names no ROI '{l}' (it names {string.Join(", ", names.Values)}); use the release's mapping file.")).ToHashSet();
                var maskPath = Path.Combine(dir, "roi_masks", $"{hemi}.{map}_challenge_space.npy");
                var mask = NpyFile.Read(Required(maskPath, "the subject's roi_masks"));
                if (mask.Shape.Count != 1) throw new InvalidDataException($"{maskPath} has shape ({string.Join(", ", mask.Shape)}); a label per vertex (1-d) is expected.");
                for (var v = 0; v < mask.Data.Length; v++)
                    if (wanted.Contains((long)mask.Data[v])) columns[roi][hemi].Add(v);
            }
        var blocks = options.Rois.ToDictionary(r => r, _ => new List<Matrix<double>>());
        foreach (var hemi in hemispheres)
        {
            var path = Required(Path.Combine(fmriDir, $"{hemi}_training_fmri.npy"), "training_split/training_fmri");
            var (rows, vertices) = NpyRowReader.Shape(path);
            if (rows != files.Length)
                throw new InvalidDataException($"{path} has {rows} rows but {imagesDir} holds {files.Length} images; both must come from the same subject's release.");
            foreach (var roi in options.Rois)
            {
                var cols = columns[roi][hemi];
                if (cols.Count > 0 && cols[^1] >= vertices)
                    throw new InvalidDataException($"{hemi}.{RoiLabels[roi].Map}_challenge_space.npy labels vertex {cols[^1]} but {path} has {vertices}; use masks and responses of the same subject.");
                blocks[roi].Add(NpyRowReader.Read(path, count, cols));
            }
        }
        var trials = Enumerable.Range(0, count).ToArray();
        foreach (var roi in options.Rois)
        {
            var width = blocks[roi].Sum(b => b.ColumnCount);
            if (width == 0) throw new InvalidDataException($"ROI {roi} ({string.Join("+", RoiLabels[roi].Labels)}) has no vertex in {options.Subject}'s masks.");
            var m = Matrix<double>.Build.Dense(count, width);
            var c = 0;
            foreach (var b in blocks[roi]) { m.SetSubMatrix(0, c, b); c += b.ColumnCount; }
            responses.Add(new RoiResponses(options.Subject, roi, m, trials, new int[count]));
        }
        var images = LoadImages(imagesDir, files.Take(count).ToArray()!, options.ImageSize);
        return new BrainRoiSet($"NSD (Algonauts 2023) {options.Subject}, {count} images", images, ids.Take(count).ToArray(),
            Enumerable.Repeat("nsd", count).ToArray(), options.Rois, [options.Subject], responses);
    }

    /// <summary>The subject's folder: DATA/subjXX, DATA/nsd/subjXX or DATA/algonauts_2023_challenge_data/subjXX.</summary>
    public static string SubjectDirectory(string root, string subject)
    {
        if (!Regex.IsMatch(subject, "^subj0[1-8]$")) throw new ArgumentException($"NSD subject must be subj01 .. subj08 (got '{subject}').");
        var candidates = new[] { Path.Combine(root, subject), Path.Combine(root, "nsd", subject), Path.Combine(root, "algonauts_2023_challenge_data", subject) };
        return candidates.FirstOrDefault(Directory.Exists)
            ?? throw new DirectoryNotFoundException($"{subject} is not in {root}, {root}/nsd or {root}/algonauts_2023_challenge_data; download and extract the Algonauts 2023 data (data-manifests/nsd.yaml) into {root}/nsd.");
    }

    /// <summary>A <c>mapping_*.npy</c> dictionary (label id → ROI name): a 0-d object array whose pickle holds one dict.</summary>
    public static IReadOnlyDictionary<long, string> ReadMapping(string path)
    {
        using var stream = File.OpenRead(Required(path, "the subject's roi_masks"));
        var (descr, _, _) = NpyRowReader.Header(stream, path);
        if (descr != "|O") throw new InvalidDataException($"{path} has dtype '{descr}'; the release's mapping files are pickled dictionaries (dtype object).");
        var root = new PickleReader(stream).Load();
        var dict = FindDict(root) ?? throw new InvalidDataException($"{path} holds no dictionary of ROI names; use the release's mapping file.");
        var result = new Dictionary<long, string>();
        foreach (var (key, value) in dict.Items)
            if (key is long id && value is string name) result[id] = name;
            else throw new InvalidDataException($"{path}: entry {key} -> {value} is not label id -> ROI name.");
        return result;
    }

    private static PickleDict? FindDict(object? node, int depth = 0) => depth > 8 ? null : node switch
    {
        PickleDict d => d,
        PickleObject o => FindDict(o.State, depth + 1) ?? o.Args.Select(a => FindDict(a, depth + 1)).FirstOrDefault(x => x is not null),
        object?[] items => items.Select(a => FindDict(a, depth + 1)).FirstOrDefault(x => x is not null),
        System.Collections.IEnumerable list and not string => list.Cast<object?>().Select(a => FindDict(a, depth + 1)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private static ImageBatch LoadImages(string dir, string[] files, int size)
    {
        var pixels = new float[files.Length * 3 * size * size];
        for (var k = 0; k < files.Length; k++)
        {
            var path = Path.Combine(dir, files[k]);
            var img = PngImage.Decode(File.ReadAllBytes(path), path);
            var hw = img.Width * img.Height;
            var rgb = new float[3 * hw];
            for (var p = 0; p < hw; p++)
                for (var c = 0; c < 3; c++) rgb[c * hw + p] = img.Rgb[p * 3 + c];
            var resized = ImageBatches.Resize(new ImageBatch(rgb, 1, 3, img.Height, img.Width), size, size);
            resized.Pixels.CopyTo(pixels, k * 3 * size * size);
        }
        return new ImageBatch(pixels, files.Length, 3, size, size);
    }

    private static string Required(string path, string where) => File.Exists(path) ? path
        : throw new FileNotFoundException($"{path} is missing from {where}; extract the subject's Algonauts 2023 archive (data-manifests/nsd.yaml) there.", path);
}

/// <summary>
/// Reads chosen rows and columns of a large 2-d C-order float .npy without loading it whole (a subject's
/// responses are ~19,000 vertices x ~9,800 images per hemisphere); <see cref="NpyFile"/> reads the small files.
/// </summary>
internal static class NpyRowReader
{
    public static (string Descr, bool Fortran, int[] Shape) Header(Stream stream, string source)
    {
        var head = new byte[8];
        stream.ReadExactly(head);
        if (head[0] != 0x93 || Encoding.ASCII.GetString(head, 1, 5) != "NUMPY") throw new InvalidDataException($"{source} is not a .npy file (bad magic).");
        var lengthBytes = new byte[head[6] == 1 ? 2 : 4];
        stream.ReadExactly(lengthBytes);
        var length = head[6] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : checked((int)BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes));
        var header = new byte[length];
        stream.ReadExactly(header);
        var text = Encoding.ASCII.GetString(header);
        var descr = Regex.Match(text, @"'descr'\s*:\s*'([^']*)'").Groups[1].Value;
        var fortran = Regex.Match(text, @"'fortran_order'\s*:\s*(True|False)").Groups[1].Value == "True";
        var shape = Regex.Match(text, @"'shape'\s*:\s*\(([^)]*)\)").Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (descr, fortran, shape);
    }

    public static (int Rows, int Columns) Shape(string path)
    {
        using var stream = File.OpenRead(path);
        var (descr, fortran, shape) = Header(stream, path);
        if (shape.Length != 2) throw new InvalidDataException($"{path} has shape ({string.Join(", ", shape)}); images x vertices (2-d) is expected.");
        if (fortran || descr is not ("<f4" or "<f8")) throw new InvalidDataException($"{path} is {descr}{(fortran ? " Fortran order" : "")}; the release's responses are little-endian float32 in C order.");
        return (shape[0], shape[1]);
    }

    public static Matrix<double> Read(string path, int rows, IReadOnlyList<int> columns)
    {
        using var stream = File.OpenRead(path);
        var (descr, _, shape) = Header(stream, path);
        var size = descr == "<f4" ? 4 : 8;
        var row = new byte[(long)shape[1] * size];
        var m = Matrix<double>.Build.Dense(rows, columns.Count);
        for (var i = 0; i < rows; i++)
        {
            stream.ReadExactly(row);
            for (var j = 0; j < columns.Count; j++)
                m[i, j] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(row.AsSpan(columns[j] * 4)) : BinaryPrimitives.ReadDoubleLittleEndian(row.AsSpan(columns[j] * 8));
        }
        return m;
    }
}
