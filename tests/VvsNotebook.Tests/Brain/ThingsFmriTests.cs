using System.Globalization;
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
        File.WriteAllText(Path.Combine(_betas, "sub-01_ResponseData.h5"), "");
        var f = Assert.Throws<FileNotFoundException>(() => ThingsFmri.Load(_dir, subjects: ["01"], rois: ["V1"]));
        Assert.Contains("pd.read_hdf", f.Message);
        var g = Assert.Throws<FileNotFoundException>(() => ThingsFmri.Load(_dir, subjects: ["03"]));
        Assert.Contains("sub-03_StimulusMetadata.csv", g.Message);
        Assert.Contains("betas_csv.zip", g.Message);
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
