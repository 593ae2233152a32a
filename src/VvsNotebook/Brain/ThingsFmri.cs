using System.Globalization;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Activations;

namespace VvsNotebook.Brain;

/// <summary>Which THINGS-fMRI trials become the stimuli of a <see cref="BrainRoiSet"/>.</summary>
public enum ThingsStimulusUnit
{
    /// <summary>The 720 concepts of the train trials; each concept's 12 images are its repetitions (the learning-rule study's 720 stimuli).</summary>
    Concept,
    /// <summary>The 100 test images; their 12 presentations are the repetitions.</summary>
    TestImage,
}

/// <summary>
/// Loads THINGS-fMRI's single-trial responses in table format (manifest <c>things-fmri</c>) into a
/// <see cref="BrainRoiSet"/>: per subject <c>sub-XX_VoxelMetadata.csv</c> (ROI masks), <c>sub-XX_StimulusMetadata.csv</c>
/// (one row per trial) and the released <c>sub-XX_ResponseData.h5</c>, a pandas fixed-format HDF5 frame (key
/// <c>ResponseData</c>; rows = voxels with <c>voxel_id</c>, then one column per trial in StimulusMetadata's row order),
/// of which only the ROI voxels' rows are read. A CSV export <c>sub-XX_ResponseData.csv</c> of the same frame is read
/// when the .h5 is absent. An ROI is the union of its mask columns.
/// </summary>
public static class ThingsFmri
{
    /// <summary>The learning-rule study's ROIs and the voxel-metadata mask columns each is the union of.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoiColumns { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["V1"] = ["V1"], ["V2"] = ["V2"], ["LOC"] = ["lLOC", "rLOC"], ["IT"] = ["IT"],
    };

    /// <param name="dataDirectory">The folder holding the betas_csv files, or a folder with a <c>betas_csv</c> (or <c>things-fmri/betas_csv</c>) subfolder.</param>
    /// <param name="subjects">Subject ids as in the file names ("01", "02", "03"); default all three.</param>
    /// <param name="rois">ROI names, keys of <paramref name="roiColumns"/>; default V1, V2, LOC, IT.</param>
    /// <param name="unit">Concepts (train trials) or test images (test trials) as the stimuli.</param>
    /// <param name="roiColumns">Voxel-metadata mask columns per ROI; default <see cref="DefaultRoiColumns"/>.</param>
    /// <param name="images">Optional: the images of the stimulus ids (concept names or image file names), in that order.</param>
    public static BrainRoiSet Load(string dataDirectory, IReadOnlyList<string>? subjects = null, IReadOnlyList<string>? rois = null,
        ThingsStimulusUnit unit = ThingsStimulusUnit.Concept, IReadOnlyDictionary<string, IReadOnlyList<string>>? roiColumns = null,
        Func<IReadOnlyList<string>, ImageBatch>? images = null)
    {
        subjects ??= ["01", "02", "03"];
        rois ??= ["V1", "V2", "LOC", "IT"];
        roiColumns ??= DefaultRoiColumns;
        foreach (var roi in rois)
            if (!roiColumns.ContainsKey(roi))
                throw new ArgumentException($"Unknown ROI '{roi}': give its voxel-metadata mask columns in roiColumns (known: {string.Join(", ", roiColumns.Keys)}).");
        var dir = FindDirectory(dataDirectory, subjects[0]);
        string[]? ids = null;
        var responses = new List<RoiResponses>();
        foreach (var s in subjects)
        {
            var (trialStimulus, trialRep, stimIds) = Trials(Path.Combine(dir, $"sub-{s}_StimulusMetadata.csv"), unit);
            if (ids is null) ids = stimIds;
            else if (!ids.SequenceEqual(stimIds))
                throw new InvalidDataException($"sub-{s}_StimulusMetadata.csv covers other {unit} stimuli than sub-{subjects[0]}'s ({stimIds.Length} vs {ids.Length}); load subjects with the same stimuli.");
            var masks = Masks(Path.Combine(dir, $"sub-{s}_VoxelMetadata.csv"), rois, roiColumns);
            var wanted = masks.Values.SelectMany(v => v).ToHashSet();
            var (data, responseFile) = ResponseRows(dir, s, wanted, trialStimulus.Length);
            var kept = Enumerable.Range(0, trialStimulus.Length).Where(t => trialStimulus[t] >= 0).ToArray();
            foreach (var roi in rois)
            {
                var voxels = masks[roi];
                if (voxels.Count == 0) throw new InvalidDataException($"sub-{s}_VoxelMetadata.csv: ROI {roi} ({string.Join("|", roiColumns[roi])}) has no voxel.");
                var m = new DenseMatrix(kept.Length, voxels.Count);
                for (var j = 0; j < voxels.Count; j++)
                {
                    var row = data.TryGetValue(voxels[j], out var r) ? r
                        : throw new InvalidDataException($"{responseFile} has no row for voxel_id {voxels[j]} of ROI {roi}; use the release's file, which has every voxel of VoxelMetadata.");
                    for (var i = 0; i < kept.Length; i++) m[i, j] = row[kept[i]];
                }
                responses.Add(new RoiResponses($"sub-{s}", roi, m, kept.Select(t => trialStimulus[t]).ToArray(), kept.Select(t => trialRep[t]).ToArray()));
            }
        }
        var categories = ids!.Select(id => unit == ThingsStimulusUnit.Concept ? id : ConceptOf(id)).ToArray();
        return new BrainRoiSet($"THINGS-fMRI ({unit}, {ids!.Length} stimuli)", images?.Invoke(ids!), ids!, categories, rois, subjects.Select(x => $"sub-{x}").ToArray(), responses);
    }

    /// <summary>The concept of an image file name: everything before the last underscore (<c>baseball_bat_03s.jpg</c> → <c>baseball_bat</c>).</summary>
    public static string ConceptOf(string stimulus)
    {
        var cut = stimulus.LastIndexOf('_');
        return cut > 0 ? stimulus[..cut] : Path.GetFileNameWithoutExtension(stimulus);
    }

    private static string FindDirectory(string root, string subject)
    {
        foreach (var d in new[] { root, Path.Combine(root, "betas_csv"), Path.Combine(root, "things-fmri", "betas_csv") })
            if (File.Exists(Path.Combine(d, $"sub-{subject}_StimulusMetadata.csv"))) return d;
        throw new FileNotFoundException($"sub-{subject}_StimulusMetadata.csv is not in {root}, {root}/betas_csv or {root}/things-fmri/betas_csv. " +
            "Download betas_csv.zip (manifest things-fmri, https://ndownloader.figshare.com/files/43635873) and extract it there.");
    }

    /// <summary>Per trial: stimulus index (-1 for trials of the other type) and repetition; and the sorted stimulus ids.</summary>
    private static (int[] Stimulus, int[] Repetition, string[] Ids) Trials(string path, ThingsStimulusUnit unit)
    {
        var (header, rows) = ReadCsv(path);
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i
            : throw new InvalidDataException($"{Path.GetFileName(path)} has no '{name}' column (columns: {string.Join(", ", header)}); use the release's StimulusMetadata file.");
        var typeCol = Col("trial_type"); var stimCol = Col("stimulus");
        var wantType = unit == ThingsStimulusUnit.Concept ? "train" : "test";
        var key = rows.Select(r => r[typeCol] != wantType ? null : unit == ThingsStimulusUnit.Concept ? ConceptOf(r[stimCol]) : r[stimCol]).ToArray();
        var ids = key.Where(k => k is not null).Distinct().Order(StringComparer.Ordinal).ToArray()!;
        if (ids.Length < 3) throw new InvalidDataException($"{Path.GetFileName(path)} has {ids.Length} {wantType} stimuli; at least 3 are needed.");
        var index = ids.Select((k, i) => (k, i)).ToDictionary(t => t.k!, t => t.i);
        // Concepts: the exemplar's rank among the concept's images; test images: the presentation's order.
        var exemplars = new Dictionary<string, List<string>>();
        if (unit == ThingsStimulusUnit.Concept)
            foreach (var g in rows.Where(r => r[typeCol] == "train").GroupBy(r => ConceptOf(r[stimCol])))
                exemplars[g.Key] = g.Select(r => r[stimCol]).Distinct().Order(StringComparer.Ordinal).ToList();
        var seen = new Dictionary<string, int>();
        var stim = new int[rows.Count]; var rep = new int[rows.Count];
        for (var t = 0; t < rows.Count; t++)
        {
            if (key[t] is not { } k) { stim[t] = -1; continue; }
            stim[t] = index[k];
            rep[t] = unit == ThingsStimulusUnit.Concept ? exemplars[k].IndexOf(rows[t][stimCol]) : seen[k] = seen.GetValueOrDefault(k, -1) + 1;
        }
        return (stim, rep, ids.Select(id => id!).ToArray());
    }

    private static Dictionary<string, List<int>> Masks(string path, IReadOnlyList<string> rois, IReadOnlyDictionary<string, IReadOnlyList<string>> roiColumns)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{Path.GetFileName(path)} is missing from {Path.GetDirectoryName(path)}; extract it from betas_csv.zip (manifest things-fmri).", path);
        var (header, rows) = ReadCsv(path);
        var idCol = Array.IndexOf(header, "voxel_id");
        if (idCol < 0) throw new InvalidDataException($"{Path.GetFileName(path)} has no 'voxel_id' column; use the release's VoxelMetadata file.");
        var res = new Dictionary<string, List<int>>();
        foreach (var roi in rois)
        {
            var cols = roiColumns[roi].Select(c => Array.IndexOf(header, c) is var i and >= 0 ? i
                : throw new InvalidDataException($"{Path.GetFileName(path)} has no ROI mask column '{c}' (for ROI {roi}); pick mask columns it has, e.g. {string.Join(", ", header.Skip(13).Take(12))}.")).ToArray();
            res[roi] = rows.Where(r => cols.Any(c => double.Parse(r[c], CultureInfo.InvariantCulture) != 0))
                .Select(r => (int)double.Parse(r[idCol], CultureInfo.InvariantCulture)).ToList();
        }
        return res;
    }

    /// <summary>The wanted voxels' response rows (by voxel_id) from the .h5 release file, else its CSV export; and that file's name.</summary>
    private static (Dictionary<int, double[]> Rows, string File) ResponseRows(string dir, string subject, HashSet<int> wanted, int trials)
    {
        var h5 = Path.Combine(dir, $"sub-{subject}_ResponseData.h5");
        var csv = Path.ChangeExtension(h5, ".csv");
        if (File.Exists(h5)) return (ResponseRowsH5(h5, subject, wanted, trials), Path.GetFileName(h5));
        if (File.Exists(csv)) return (ResponseRowsCsv(csv, subject, wanted, trials), Path.GetFileName(csv));
        throw new FileNotFoundException($"{Path.GetFileName(h5)} (or its CSV export {Path.GetFileName(csv)}) is missing from {dir}; extract betas_csv.zip (manifest things-fmri) there.", h5);
    }

    /// <summary>
    /// Reads the ROI voxels' rows of the pandas frame: the voxel_id column locates them, then each value block is read
    /// by row hyperslabs (the whole frame is ~200k voxels x 9,840 trials, far more than the ROIs need).
    /// </summary>
    private static Dictionary<int, double[]> ResponseRowsH5(string path, string subject, HashSet<int> wanted, int trials)
    {
        var name = Path.GetFileName(path);
        using var frame = PandasHdfFrame.Open(path, "ResponseData");
        if (!frame.Columns.Contains("voxel_id"))
            throw new InvalidDataException($"{name} has no 'voxel_id' column (columns: {string.Join(", ", frame.Columns.Take(5))}, ...); use the release's ResponseData file.");
        // Trial columns in frame (axis0) order, like the CSV header: position t is StimulusMetadata's row t.
        var trialCols = frame.Columns.Where(c => c != "voxel_id").ToArray();
        if (trialCols.Length != trials)
            throw new InvalidDataException($"{name} has {trialCols.Length} trial columns but sub-{subject}_StimulusMetadata.csv lists {trials} trials; both must come from the same release.");
        var ids = frame.Column("voxel_id");
        var rowOf = new Dictionary<int, long>();
        for (var r = 0; r < ids.Length; r++)
            if (wanted.Contains((int)ids[r])) rowOf.TryAdd((int)ids[r], r);
        var voxels = rowOf.Keys.ToArray();
        var values = frame.Read(voxels.Select(v => rowOf[v]).ToArray(), trialCols);
        return voxels.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => values[x.i]);
    }

    /// <summary>Streams the CSV export, keeping only the wanted voxels' rows.</summary>
    private static Dictionary<int, double[]> ResponseRowsCsv(string path, string subject, HashSet<int> wanted, int trials)
    {
        using var reader = new StreamReader(path);
        var header = Split(reader.ReadLine() ?? "");
        var idCol = Array.IndexOf(header, "voxel_id");
        if (idCol < 0) throw new InvalidDataException($"{Path.GetFileName(path)} has no 'voxel_id' column; export the HDF5 frame with its voxel_id column and index=False, or use the release's .h5 directly.");
        var trialCols = Enumerable.Range(0, header.Length).Where(i => i != idCol && header[i].Length > 0).ToArray();
        if (trialCols.Length != trials)
            throw new InvalidDataException($"{Path.GetFileName(path)} has {trialCols.Length} trial columns but sub-{subject}_StimulusMetadata.csv lists {trials} trials; both must come from the same release.");
        var res = new Dictionary<int, double[]>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = Split(line);
            var id = (int)double.Parse(f[idCol], CultureInfo.InvariantCulture);
            if (!wanted.Contains(id)) continue;
            res[id] = trialCols.Select(c => double.Parse(f[c], CultureInfo.InvariantCulture)).ToArray();
        }
        return res;
    }

    private static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{Path.GetFileName(path)} is missing from {Path.GetDirectoryName(path)}; extract it from betas_csv.zip (manifest things-fmri).", path);
        var lines = File.ReadLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"{path} is empty; re-extract it from betas_csv.zip.");
        var header = Split(lines[0]);
        var rows = lines.Skip(1).Select(Split).ToList();
        for (var i = 0; i < rows.Count; i++)
            if (rows[i].Length != header.Length) throw new InvalidDataException($"{Path.GetFileName(path)} line {i + 2} has {rows[i].Length} fields, the header {header.Length}.");
        return (header, rows);
    }

    private static string[] Split(string line) => line.Split(',').Select(x => x.Trim().Trim('"')).ToArray();
}
