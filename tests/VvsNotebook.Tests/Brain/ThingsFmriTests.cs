using System.Globalization;
using System.Text.Json;
using VvsNotebook.Brain;
using VvsNotebook.Manifests;

namespace VvsNotebook.Tests.Brain;

public class ThingsFmriTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vvs-things-").FullName;
    private readonly string _betas;

    public ThingsFmriTests() => _betas = Directory.CreateDirectory(Path.Combine(_dir, "betas_csv")).FullName;

    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    /// <summary>Writes one subject in the release's table format: 3 concepts x 2 exemplars (train), one test image x 2, 5 voxels.</summary>
    private void WriteSubject(string s, Func<int, int, double> value, bool withIt = true)
    {
        string[] stimuli = ["dog_01b.jpg", "baseball_bat_02s.jpg", "dog_03s.jpg", "cake_01b.jpg", "cake_05s.jpg", "baseball_bat_01b.jpg", "mango_12s.jpg", "mango_12s.jpg"];
        string[] types = ["train", "train", "train", "train", "train", "train", "test", "test"];
        File.WriteAllLines(Path.Combine(_betas, $"sub-{s}_StimulusMetadata.csv"),
            ["trial_type,session,run,subject_id,trial_id,stimulus", .. stimuli.Select((x, t) => $"{types[t]},1,{1 + t / 4},{int.Parse(s)},{t},{x}")]);
        var it = withIt ? ",IT" : "";
        int[][] masks = [[1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 1]]; // V1, V2, lLOC, rLOC, IT per voxel
        File.WriteAllLines(Path.Combine(_betas, $"sub-{s}_VoxelMetadata.csv"),
            [$"voxel_id,subject_id,voxel_x,voxel_y,voxel_z,nc_singletrial,nc_testset,splithalf_uncorrected,splithalf_corrected,V1,V2,lLOC,rLOC{it}",
             .. Enumerable.Range(0, 5).Select(v => $"{v},{int.Parse(s)},1,2,{v},0.5,1.0,0.1,0.2,{masks[v][0]},{masks[v][1]},{masks[v][2]},{masks[v][3]}" + (withIt ? $",{masks[v][4]}" : ""))]);
        File.WriteAllLines(Path.Combine(_betas, $"sub-{s}_ResponseData.csv"),
            ["voxel_id," + string.Join(",", Enumerable.Range(0, 8)),
             .. Enumerable.Range(0, 5).Select(v => $"{v}," + string.Join(",", Enumerable.Range(0, 8).Select(t => value(v, t).ToString("R", CultureInfo.InvariantCulture))))]);
    }

    [Fact]
    public void Builds_concept_trials_per_roi_from_the_voxel_masks_with_exemplars_as_repetitions()
    {
        WriteSubject("01", (v, t) => 10 * v + t);
        WriteSubject("02", (v, t) => -(10 * v + t));
        var set = ThingsFmri.Load(_dir, subjects: ["01", "02"]);
        Assert.Equal(["baseball_bat", "cake", "dog"], set.StimulusIds);
        Assert.Equal(["sub-01", "sub-02"], set.Subjects);
        var v1 = set.Get("sub-01", "V1");
        Assert.Equal(2, v1.Voxels); // voxels 0 and 1
        Assert.Equal(6, v1.Trials.RowCount); // train trials only
        Assert.Equal([2, 0, 2, 1, 1, 0], v1.Stimulus);
        Assert.Equal([0, 1, 1, 0, 1, 0], v1.Repetition); // dog_01b is dog's exemplar 0, dog_03s exemplar 1
        Assert.Equal(2, set.Get("sub-01", "LOC").Voxels); // lLOC | rLOC: voxels 3 and 4
        Assert.Equal(1, set.Get("sub-02", "IT").Voxels);
        var avg = v1.Averaged(3);
        Assert.Equal((1 + 5) / 2.0, avg[0, 0]); // baseball_bat: trials 1 and 5 of voxel 0
        Assert.Equal(10 + (0 + 2) / 2.0, avg[2, 1]); // dog: trials 0 and 2 of voxel 1
        // One test image cannot form an RDM: the test-image unit says so rather than returning a degenerate set.
        Assert.Contains("at least 3", Assert.Throws<InvalidDataException>(() =>
            ThingsFmri.Load(_dir, subjects: ["01"], rois: ["V1"], unit: ThingsStimulusUnit.TestImage)).Message);
    }

    [Fact]
    public void Missing_files_and_columns_name_the_file_and_the_fix()
    {
        WriteSubject("01", (v, t) => v * t, withIt: false);
        var e = Assert.Throws<InvalidDataException>(() => ThingsFmri.Load(_dir, subjects: ["01"]));
        Assert.Contains("sub-01_VoxelMetadata.csv has no ROI mask column 'IT'", e.Message);
        File.Delete(Path.Combine(_betas, "sub-01_ResponseData.csv"));
        // The .h5 wins over a CSV export; one that is not HDF5 at all says how to get a readable one.
        File.WriteAllText(Path.Combine(_betas, "sub-01_ResponseData.h5"), "");
        var h = Assert.Throws<InvalidDataException>(() => ThingsFmri.Load(_dir, subjects: ["01"], rois: ["V1"]));
        Assert.Contains("sub-01_ResponseData.h5 is not a readable HDF5 file", h.Message);
        Assert.Contains("to_hdf(path, key=\"ResponseData\")", h.Message);
        File.Delete(Path.Combine(_betas, "sub-01_ResponseData.h5"));
        var f = Assert.Throws<FileNotFoundException>(() => ThingsFmri.Load(_dir, subjects: ["01"], rois: ["V1"]));
        Assert.Contains("sub-01_ResponseData.h5 (or its CSV export sub-01_ResponseData.csv) is missing", f.Message);
        var g = Assert.Throws<FileNotFoundException>(() => ThingsFmri.Load(_dir, subjects: ["03"]));
        Assert.Contains("sub-03_StimulusMetadata.csv", g.Message);
        Assert.Contains("betas_csv.zip", g.Message);
    }

    /// <summary>
    /// Rewrites the subjects' ResponseData.csv as the release's pandas HDF5 frame (key ResponseData, fixed format) with
    /// Debian's pandas + PyTables. sub-01 is built like the release (a float32 frame with integer trial labels and
    /// voxel_id inserted in front, so PyTables pickles the mixed-type labels); sub-02 has str labels, float64 values and
    /// its voxel rows reversed, so rows are found by voxel_id rather than position.
    /// </summary>
    private void WriteH5(string format = "fixed", string key = "ResponseData", params string[] subjects)
    {
        const string script = """
import sys, numpy as np, pandas as pd, warnings
warnings.simplefilter("ignore")  # PyTables' PerformanceWarning about pickling mixed-type labels
betas, fmt, key = sys.argv[1:4]
for s in sys.argv[4:]:
    csv = pd.read_csv(f"{betas}/sub-{s}_ResponseData.csv", float_precision="round_trip")
    values = csv.drop(columns="voxel_id").to_numpy()
    if s == "01":
        df = pd.DataFrame(values.astype(np.float32))
        df.insert(0, "voxel_id", csv["voxel_id"].to_numpy(np.int64))
    else:
        df = pd.DataFrame({"voxel_id": csv["voxel_id"].to_numpy(np.int64),
                           **{str(t): values[:, t].astype(np.float64) for t in range(values.shape[1])}}).iloc[::-1]
    df.to_hdf(f"{betas}/sub-{s}_ResponseData.h5", key=key, format=fmt, mode="w")
""";
        DebianPython.Run(["-", _betas, format, key, .. subjects], script);
    }

    /// <summary>Values that float32 holds exactly, so the float32 .h5 and the CSV export carry the same numbers.</summary>
    private static double Float32Value(int v, int t) => (float)(Math.Sin(7 * v + t) * 3 + v);

    [PythonFact]
    public void Reads_the_released_pandas_hdf5_frame_exactly_like_its_csv_export_and_pandas()
    {
        WriteSubject("01", Float32Value);
        WriteSubject("02", (v, t) => -Float32Value(v, t));
        var fromCsv = ThingsFmri.Load(_dir, subjects: ["01", "02"]);
        WriteH5(subjects: ["01", "02"]);
        foreach (var s in new[] { "01", "02" }) File.Delete(Path.Combine(_betas, $"sub-{s}_ResponseData.csv"));
        var fromH5 = ThingsFmri.Load(_dir, subjects: ["01", "02"]);

        Assert.Equal(fromCsv.StimulusIds, fromH5.StimulusIds);
        Assert.Equal(fromCsv.Categories, fromH5.Categories);
        Assert.Equal(fromCsv.Subjects, fromH5.Subjects);
        Assert.Equal(fromCsv.Rois, fromH5.Rois);
        foreach (var s in fromCsv.Subjects)
            foreach (var roi in fromCsv.Rois)
            {
                var (a, b) = (fromCsv.Get(s, roi), fromH5.Get(s, roi));
                Assert.Equal(a.Stimulus, b.Stimulus);
                Assert.Equal(a.Repetition, b.Repetition);
                Assert.Equal(a.Trials.ToArray(), b.Trials.ToArray());
            }

        // Independent reference: pandas reads the .h5 itself and averages each concept's train trials per ROI voxel.
        const string reference = """
import sys, json, pandas as pd
betas = sys.argv[1]
rois = {"V1": ["V1"], "V2": ["V2"], "LOC": ["lLOC", "rLOC"], "IT": ["IT"]}
out = {}
for s in ["01", "02"]:
    resp = pd.read_hdf(f"{betas}/sub-{s}_ResponseData.h5").set_index("voxel_id")
    stim = pd.read_csv(f"{betas}/sub-{s}_StimulusMetadata.csv")
    vox = pd.read_csv(f"{betas}/sub-{s}_VoxelMetadata.csv")
    train = (stim["trial_type"] == "train").to_numpy()
    concept = stim["stimulus"].str.rsplit("_", n=1).str[0][train].to_numpy()
    for roi, cols in rois.items():
        ids = vox.loc[(vox[cols] != 0).any(axis=1), "voxel_id"]
        trials = resp.loc[ids].to_numpy().T[train]  # train trials x ROI voxels, in VoxelMetadata order
        avg = pd.DataFrame(trials.astype(float)).groupby(concept).mean().sort_index()
        out[f"sub-{s}/{roi}"] = avg.to_numpy().tolist()
print(json.dumps(out))
""";
        var expected = JsonSerializer.Deserialize<Dictionary<string, double[][]>>(DebianPython.Run(["-", _betas], reference))!;
        Assert.Equal(8, expected.Count);
        foreach (var (k, rows) in expected)
        {
            var parts = k.Split('/');
            var avg = fromH5.Get(parts[0], parts[1]).Averaged(fromH5.StimulusCount);
            Assert.Equal(rows.Length, avg.RowCount);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(rows[i].Length, avg.ColumnCount);
                for (var j = 0; j < rows[i].Length; j++) Assert.Equal(rows[i][j], avg[i, j], 12);
            }
        }
    }

    [PythonFact]
    public void A_table_format_store_or_a_missing_key_names_the_file_what_it_holds_and_the_fix()
    {
        WriteSubject("01", Float32Value);
        WriteH5(format: "table", subjects: ["01"]);
        var t = Assert.Throws<InvalidDataException>(() => ThingsFmri.Load(_dir, subjects: ["01"]));
        Assert.Contains("sub-01_ResponseData.h5", t.Message);
        Assert.Contains("'frame_table' store (format=\"table\")", t.Message);
        Assert.Contains("df.to_hdf(path, key=\"ResponseData\")", t.Message);

        WriteH5(key: "betas", subjects: ["01"]);
        var k = Assert.Throws<InvalidDataException>(() => ThingsFmri.Load(_dir, subjects: ["01"]));
        Assert.Contains("sub-01_ResponseData.h5 has no pandas key 'ResponseData' (found: betas)", k.Message);
        Assert.Contains("df.to_hdf(path, key=\"ResponseData\")", k.Message);
    }

    [Fact]
    public void Things_manifest_is_embedded_and_its_unverified_files_resolve_with_a_loud_warning()
    {
        var m = ManifestCatalog.Embedded["things-fmri"];
        Assert.All(m.Files, f => { Assert.Empty(f.Hashes); Assert.NotNull(f.Unverified); });
        var vox = m.File("sub-01_VoxelMetadata.csv");
        Assert.Contains(vox.Columns, c => c.Name == "lLOC");
        var path = Path.Combine(_dir, vox.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "voxel_id\n");
        var resolver = new DataResolver(new DataResolverOptions { DataDirectory = _dir, CacheDirectory = Path.Combine(_dir, "cache"), AllowDownload = false });
        var resolved = resolver.ResolveAsync(vox).GetAwaiter().GetResult();
        Assert.Contains("UNVERIFIED", resolved.Warning);
        Assert.True(resolver.Check(vox).IsUnverified);
        var bad = Assert.Throws<ManifestFormatException>(() => ManifestYaml.Parse("""
id: x
title: t
licence: l
source: {repository: r}
files:
  - {name: a, path: a, format: csv}
"""));
        Assert.Contains("unverified", bad.Message);
    }
}
