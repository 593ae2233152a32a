using System.Diagnostics;
using System.Globalization;
using System.Text;
using VvsNotebook.Benchmarks.Public;
using VvsNotebook.Benchmarks.Sources;
using VvsNotebook.Stimuli;

namespace VvsNotebook.Tests.Benchmarks;

/// <summary>The public benchmark definitions on small stand-ins built in the BrainIO schema (the real files cannot be downloaded here).</summary>
public class PublicBenchmarksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vvs-public-").FullName;
    private const int Stimuli = 40, Reps = 6, Side = 12;

    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private static string Q(IEnumerable<string> v) => string.Join(", ", v.Select(x => $"\"{x}\""));
    private static string N(IEnumerable<double> v) => string.Join(", ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));

    private void Ncgen(string cdl, string name)
    {
        File.WriteAllText(Path.Combine(_dir, name + ".cdl"), cdl);
        using var p = Process.Start(new ProcessStartInfo("ncgen", ["-k", "nc4", "-o", Path.Combine(_dir, name), Path.Combine(_dir, name + ".cdl")]) { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd(); p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }

    /// <summary>Random 12 x 12 grey PNGs, a stimulus CSV (hvm-public layout), and the pixel matrix.</summary>
    private (double[][] Pixels, string[] Ids, string[] Objects) WriteStimuli(string csvName, string labelColumn)
    {
        var rng = new Random(5);
        var imgDir = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        var ids = Enumerable.Range(0, Stimuli).Select(i => $"img{i:D3}").ToArray();
        var objects = Enumerable.Range(0, Stimuli).Select(i => "obj" + i % 4).ToArray();
        var pixels = new double[Stimuli][];
        var csv = new StringBuilder($"stimulus_id,filename,{labelColumn}\n");
        for (var i = 0; i < Stimuli; i++)
        {
            var grey = Enumerable.Range(0, Side * Side).Select(_ => (float)Math.Round(rng.NextDouble() * 255) / 255).ToArray();
            pixels[i] = grey.Select(v => (double)v).ToArray();
            File.WriteAllBytes(Path.Combine(imgDir, ids[i] + ".png"), PngImage.EncodeRgb(new RgbImage(Side, Side, grey.SelectMany(v => new[] { v, v, v }).ToArray())));
            csv.Append($"{ids[i]},{ids[i]}.png,{objects[i]}\n");
        }
        File.WriteAllText(Path.Combine(_dir, csvName), csv.ToString());
        return (pixels, ids, objects);
    }

    [Fact]
    public void MajajHong_definition_loads_assembly_and_stimuli_and_scores_a_model()
    {
        var (pixels, ids, objects) = WriteStimuli("hvm.csv", "object_name");
        var rng = new Random(6);
        var weights = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, Side * Side).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
        // Presentations list every stimulus once per repetition; neuroids 0-7 are IT (linear in pixels), 8-11 V4.
        var order = Enumerable.Range(0, Stimuli * Reps).Select(t => (Stim: t % Stimuli, Rep: t / Stimuli)).ToArray();
        var values = order.SelectMany(t => weights.Select(w => w.Zip(pixels[t.Stim], (a, b) => a * b).Sum() + 0.3 * (rng.NextDouble() - 0.5))).ToArray();
        Ncgen($$"""
netcdf majaj {
dimensions: presentation = {{order.Length}} ; neuroid = 12 ; time_bin = 1 ;
variables:
  double __xarray_dataarray_variable__(presentation, neuroid, time_bin) ;
  string stimulus_id(presentation) ; string object_name(presentation) ; int64 repetition(presentation) ;
  string neuroid_id(neuroid) ; string region(neuroid) ;
  int64 time_bin_start(time_bin) ; int64 time_bin_end(time_bin) ;
data:
  __xarray_dataarray_variable__ = {{N(values)}} ;
  stimulus_id = {{Q(order.Select(t => ids[t.Stim]))}} ;
  object_name = {{Q(order.Select(t => objects[t.Stim]))}} ;
  repetition = {{string.Join(", ", order.Select(t => t.Rep))}} ;
  neuroid_id = {{Q(Enumerable.Range(0, 12).Select(i => "n" + i))}} ;
  region = {{Q(Enumerable.Range(0, 12).Select(i => i < 8 ? "IT" : "V4"))}} ;
  time_bin_start = 70 ; time_bin_end = 170 ;
}
""", "majaj.nc");
        var it = PublicBenchmarks.MajajHong("IT", Path.Combine(_dir, "majaj.nc"), Path.Combine(_dir, "hvm.csv"), Path.Combine(_dir, "images"));
        Assert.Equal("dicarlo.MajajHong2015public.IT-pls", it.Identifier);
        Assert.Equal((Stimuli, 3, Side, Side), (it.Stimuli.Count, it.Stimuli.Channels, it.Stimuli.Height, it.Stimuli.Width));
        Assert.Equal(8, it.Target.ColumnCount);
        var acts = new PixelSource().GetActivations(it.Stimuli, ["pixels"])["pixels"];
        var score = it.Score(acts, "pixels");
        Assert.True(score.Ceiling > 0.9 && score.Raw > 0.3, // 36 training images for 144 pixel weights: far from chance (0), far from perfect
            $"raw {score.Raw}, ceiling {score.Ceiling}");
        var resized = PublicBenchmarks.MajajHong("V4", Path.Combine(_dir, "majaj.nc"), Path.Combine(_dir, "hvm.csv"), Path.Combine(_dir, "images"), imageSize: 24);
        Assert.Equal((24, 24, 4), (resized.Stimuli.Height, resized.Stimuli.Width, resized.Target.ColumnCount));
        Assert.Throws<ArgumentException>(() => PublicBenchmarks.MajajHong("V1", Path.Combine(_dir, "majaj.nc"), Path.Combine(_dir, "hvm.csv"), Path.Combine(_dir, "images")));
    }

    [Fact]
    public void Rajalingham_definition_reads_human_trials_and_scores_a_readout()
    {
        var (pixels, ids, objects) = WriteStimuli("objectome.csv", "image_label");
        var rng = new Random(8);
        var img = new List<int>(); var dist = new List<string>(); var choice = new List<string>();
        for (var i = 0; i < Stimuli; i++)
            for (var c = 0; c < 4; c++)
            {
                if ("obj" + c == objects[i]) continue;
                var pErr = 0.1 + 0.3 * pixels[i][c];
                for (var k = 0; k < 30; k++) { img.Add(i); dist.Add("obj" + c); choice.Add(rng.NextDouble() < pErr ? "obj" + c : objects[i]); }
            }
        Ncgen($$"""
netcdf raj {
dimensions: presentation = {{img.Count}} ;
variables:
  string __xarray_dataarray_variable__(presentation) ;
  string stimulus_id(presentation) ; string sample_obj(presentation) ; string dist_obj(presentation) ;
data:
  __xarray_dataarray_variable__ = {{Q(choice)}} ;
  stimulus_id = {{Q(img.Select(i => ids[i]))}} ;
  sample_obj = {{Q(img.Select(i => objects[i]))}} ;
  dist_obj = {{Q(dist)}} ;
}
""", "raj.nc");
        var b = PublicBenchmarks.Rajalingham(Path.Combine(_dir, "raj.nc"), Path.Combine(_dir, "objectome.csv"), Path.Combine(_dir, "images"));
        Assert.Equal("Behavioral", b.Region);
        var s = b.Score(new PixelSource().GetActivations(b.Stimuli, ["pixels"])["pixels"], "pixels");
        Assert.True(double.IsFinite(s.Score) && s.Ceiling > 0, $"score {s.Score}, ceiling {s.Ceiling}");
    }

    [Fact]
    public void Missing_or_altered_BrainIO_files_are_named_with_their_sha1()
    {
        var e = Assert.Throws<FileNotFoundException>(() => BrainScoreData.Resolve(BrainScoreData.MajajHongAssembly, _dir));
        Assert.Contains("13d28ca0ce88ee550b54db3004374ae19096e9b9", e.Message);
        Directory.CreateDirectory(Path.Combine(_dir, "brainscore"));
        File.WriteAllText(Path.Combine(_dir, "brainscore", BrainScoreData.MajajHongAssembly.FileName), "not the assembly");
        Assert.Contains("corrupt or a different version", Assert.Throws<InvalidDataException>(() => BrainScoreData.Resolve(BrainScoreData.MajajHongAssembly, _dir)).Message);
        Assert.Equal(9, BrainScoreData.All.Count);
        Assert.All(BrainScoreData.All, f => Assert.Matches("^[0-9a-f]{40}$", f.Sha1));
    }

    [Fact]
    public void Png_round_trip_and_screen_placement()
    {
        var img = new RgbImage(3, 2, [0, 0.5f, 1, 1, 1, 1, 0.2f, 0.4f, 0.6f, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
        var back = PngImage.Decode(PngImage.EncodeRgb(img));
        Assert.Equal(img.Rgb.Select(v => Math.Round(v * 255)), back.Rgb.Select(v => Math.Round(v * 255)));
        var batch = new VvsNotebook.Activations.ImageBatch([1, 1, 1, 1], 1, 1, 2, 2);
        var placed = ImageBatches.PlaceOnScreen(batch, 4, 8);
        Assert.Equal((4, 4), (placed.Height, placed.Width));
        Assert.Equal(128f / 255f, placed.Pixels[0]);
        Assert.Equal(1f, placed.Pixels[5]);
        Assert.Contains("not a PNG", Assert.Throws<InvalidDataException>(() => PngImage.Decode([1, 2, 3])).Message);
    }
}
