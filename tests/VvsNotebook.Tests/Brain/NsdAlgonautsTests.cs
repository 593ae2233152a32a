using System.Text.Json;
using VvsNotebook.Brain;

namespace VvsNotebook.Tests.Brain;

/// <summary>The Algonauts 2023 NSD loader on small files written in the release's format by numpy (and PNGs by zlib).</summary>
public sealed class NsdAlgonautsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-nsd-");

    public void Dispose() => _dir.Delete(recursive: true);

    // Writes subj01 in the release's layout: float32 responses, integer label maps, pickled id -> name dictionaries
    // (np.save of a dict, read back with np.load(allow_pickle=True).item()), and 8-bit RGB PNGs named train-XXXX_nsd-YYYYY.png.
    private const string Writer = """
        import json, os, struct, sys, zlib
        import numpy as np
        root, images = sys.argv[1], int(sys.argv[2])
        s = os.path.join(root, 'nsd', 'subj01')
        for d in ['training_split/training_fmri', 'training_split/training_images', 'roi_masks']:
            os.makedirs(os.path.join(s, d), exist_ok=True)
        rng = np.random.default_rng(0)
        out = {}
        for hemi, n in [('lh', 10), ('rh', 8)]:
            fmri = rng.standard_normal((6, n)).astype(np.float32)
            np.save(os.path.join(s, 'training_split/training_fmri', f'{hemi}_training_fmri.npy'), fmri)
            prf = rng.integers(0, 8, n).astype(np.int64)
            streams = rng.integers(0, 8, n).astype(np.int64)
            prf[0], streams[1] = 1, 5
            np.save(os.path.join(s, 'roi_masks', f'{hemi}.prf-visualrois_challenge_space.npy'), prf)
            np.save(os.path.join(s, 'roi_masks', f'{hemi}.streams_challenge_space.npy'), streams)
            out[hemi] = {'fmri': fmri.astype(float).tolist(), 'v1': np.where((prf == 1) | (prf == 2))[0].tolist(),
                         'vvs': np.where(streams == 5)[0].tolist()}
        np.save(os.path.join(s, 'roi_masks', 'mapping_prf-visualrois.npy'),
                {0: 'Unknown', 1: 'V1v', 2: 'V1d', 3: 'V2v', 4: 'V2d', 5: 'V3v', 6: 'V3d', 7: 'hV4'})
        np.save(os.path.join(s, 'roi_masks', 'mapping_streams.npy'),
                {0: 'Unknown', 1: 'early', 2: 'midventral', 3: 'midlateral', 4: 'midparietal', 5: 'ventral', 6: 'lateral', 7: 'parietal'})
        def png(path, rgb):
            h, w, _ = rgb.shape
            raw = b''.join(b'\x00' + rgb[y].tobytes() for y in range(h))
            chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
            with open(path, 'wb') as f:
                f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
        pixels = []
        for i in range(images):
            rgb = rng.integers(0, 256, (12, 12, 3)).astype(np.uint8)
            png(os.path.join(s, 'training_split/training_images', f'train-{i + 1:04d}_nsd-{100 + 7 * i:05d}.png'), rgb)
            pixels.append(rgb.transpose(2, 0, 1).astype(float).ravel().tolist())
        out['pixels'] = pixels
        print(json.dumps(out))
        """;

    private sealed record Hemisphere(double[][] Fmri, int[] V1, int[] Vvs);

    private JsonElement Write(int images = 6) =>
        JsonDocument.Parse(DebianPython.Run(["-", _dir.FullName, images.ToString()], Writer)).RootElement;

    [PythonFact]
    public void v1_and_vvs_are_the_mapped_vertices_of_both_hemispheres_and_the_images_are_the_pngs_in_row_order()
    {
        var json = Write();
        var set = NsdAlgonauts.Load(_dir.FullName, new NsdOptions { ImageSize = 12 });
        Assert.Equal(["V1", "VVS"], set.Rois);
        Assert.Equal(["subj01"], set.Subjects);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"nsd-{100 + 7 * i:D5}"), set.StimulusIds);
        foreach (var (roi, key) in new[] { ("V1", "v1"), ("VVS", "vvs") })
        {
            var expected = new List<double[]>();
            for (var i = 0; i < 6; i++)
            {
                var row = new List<double>();
                foreach (var hemi in new[] { "lh", "rh" })
                {
                    var h = json.GetProperty(hemi);
                    row.AddRange(h.GetProperty(key).EnumerateArray().Select(v => h.GetProperty("fmri")[i][v.GetInt32()].GetDouble()));
                }
                expected.Add(row.ToArray());
            }
            var r = set.Get("subj01", roi);
            Assert.Equal(expected[0].Length, r.Voxels);
            for (var i = 0; i < 6; i++)
                for (var j = 0; j < r.Voxels; j++) Assert.Equal(expected[i][j], r.Averaged(6)[i, j], 12);
        }
        var pixels = json.GetProperty("pixels");
        Assert.Equal(3, set.Stimuli!.Channels);
        for (var i = 0; i < 6; i++)
            for (var p = 0; p < 3 * 12 * 12; p += 17)
                Assert.Equal(pixels[i][p].GetDouble() / 255, set.Stimuli.Pixels[i * 3 * 144 + p], 1e-6);
    }

    [PythonFact]
    public void the_mapping_files_are_read_as_the_pickled_dictionaries_numpy_wrote()
    {
        Write();
        var map = NsdAlgonauts.ReadMapping(Path.Combine(_dir.FullName, "nsd", "subj01", "roi_masks", "mapping_streams.npy"));
        Assert.Equal("ventral", map[5]);
        Assert.Equal(8, map.Count);
    }

    [PythonFact]
    public void max_images_takes_the_first_rows_and_resizing_keeps_the_batch_small()
    {
        Write();
        var set = NsdAlgonauts.Load(_dir.FullName, new NsdOptions { MaxImages = 4, ImageSize = 8 });
        Assert.Equal(4, set.StimulusCount);
        Assert.Equal((8, 8), (set.Stimuli!.Height, set.Stimuli.Width));
    }

    [PythonFact]
    public void a_missing_image_or_response_file_is_named_with_the_fix()
    {
        Write(images: 5); // one image short of the 6 fMRI rows
        var rows = Assert.Throws<InvalidDataException>(() => NsdAlgonauts.Load(_dir.FullName));
        Assert.Contains("lh_training_fmri.npy has 6 rows", rows.Message);
        File.Delete(Path.Combine(_dir.FullName, "nsd", "subj01", "training_split", "training_fmri", "lh_training_fmri.npy"));
        var missing = Assert.Throws<FileNotFoundException>(() => NsdAlgonauts.Load(_dir.FullName));
        Assert.Contains("lh_training_fmri.npy", missing.Message);
        Assert.Contains("nsd.yaml", missing.Message);
        var subject = Assert.Throws<DirectoryNotFoundException>(() => NsdAlgonauts.Load(_dir.FullName, "subj02"));
        Assert.Contains("subj02", subject.Message);
    }

    [Fact]
    public void the_manifest_lists_every_file_the_loader_reads_and_marks_them_unverified()
    {
        var manifest = VvsNotebook.Manifests.ManifestCatalog.Embedded["nsd"];
        var paths = manifest.Files.Select(f => f.Path).ToHashSet();
        foreach (var file in new[] { "training_split/training_fmri/lh_training_fmri.npy", "training_split/training_fmri/rh_training_fmri.npy",
            "roi_masks/lh.prf-visualrois_challenge_space.npy", "roi_masks/rh.prf-visualrois_challenge_space.npy",
            "roi_masks/lh.streams_challenge_space.npy", "roi_masks/rh.streams_challenge_space.npy",
            "roi_masks/mapping_prf-visualrois.npy", "roi_masks/mapping_streams.npy" })
            Assert.Contains($"nsd/subj01/{file}", paths);
        Assert.All(manifest.Files, f => Assert.False(string.IsNullOrEmpty(f.Unverified)));
    }
}
