using System.Diagnostics;
using System.Globalization;
using System.Text;
using VvsNotebook.Assemblies;
using VvsNotebook.Metrics.Ceilings;

namespace VvsNotebook.Tests.Assemblies;

public class NeuroidAssemblyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vvs-nc-").FullName;

    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    /// <summary>Builds a netCDF file from CDL with Debian's ncgen, as a BrainIO assembly would be laid out.</summary>
    private string Ncgen(string cdl, string kind = "nc4")
    {
        var cdlPath = Path.Combine(_dir, "a.cdl"); var nc = Path.Combine(_dir, $"a-{kind}.nc");
        File.WriteAllText(cdlPath, cdl);
        using var p = Process.Start(new ProcessStartInfo("ncgen", ["-k", kind, "-o", nc, cdlPath]) { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "ncgen failed: " + err);
        return nc;
    }

    /// <summary>3 stimuli x 2 repetitions, 3 neuroids (2 in V4, 1 in IT), 4 time bins of 10 ms; value = 100 s + 10 n + t + rep / 10.</summary>
    private static string Cdl(bool strings)
    {
        double V(int p, int n, int t) => 100 * (p % 3) + 10 * n + t + (p / 3) / 10.0;
        var data = new StringBuilder();
        for (var p = 0; p < 6; p++)
            for (var n = 0; n < 3; n++)
                for (var t = 0; t < 4; t++)
                    data.Append(V(p, n, t).ToString(CultureInfo.InvariantCulture)).Append(p == 5 && n == 2 && t == 3 ? " ;" : ", ");
        string S(params string[] v) => string.Join(", ", v.Select(x => $"\"{x}\""));
        var type = strings ? "string" : "char";
        var strDim = strings ? "" : ", strlen";
        return $$"""
netcdf assembly {
dimensions:
  presentation = 6 ; neuroid = 3 ; time_bin = 4 ;{{(strings ? "" : " strlen = 8 ;")}}
variables:
  double __xarray_dataarray_variable__(presentation, neuroid, time_bin) ;
  {{type}} stimulus_id(presentation{{strDim}}) ;
  {{type}} object_name(presentation{{strDim}}) ;
  int64 repetition(presentation) ;
  {{type}} neuroid_id(neuroid{{strDim}}) ;
  {{type}} region(neuroid{{strDim}}) ;
  int64 time_bin_start(time_bin) ;
  int64 time_bin_end(time_bin) ;
data:
  __xarray_dataarray_variable__ = {{data}}
  stimulus_id = {{S("s0", "s1", "s2", "s0", "s1", "s2")}} ;
  object_name = {{S("car", "dog", "car", "car", "dog", "car")}} ;
  repetition = 0, 0, 0, 1, 1, 1 ;
  neuroid_id = {{S("n0", "n1", "n2")}} ;
  region = {{S("V4", "V4", "IT")}} ;
  time_bin_start = 0, 10, 20, 30 ;
  time_bin_end = 10, 20, 30, 40 ;
}
""";
    }

    [Theory]
    [InlineData(true, "nc4")]
    [InlineData(false, "cdf5")] // fixed-width char strings; CDF-5 because classic netCDF has no int64
    public void Loads_a_BrainIO_assembly_selects_region_and_window_and_averages_repetitions(bool strings, string kind)
    {
        var a = NeuroidAssembly.Load(Ncgen(Cdl(strings), kind));
        Assert.Equal((6, 3, 4), (a.Presentations, a.Neuroids, a.TimeBins));
        Assert.Equal(112.1, a[4, 1, 2], 12); // presentation 4 = s1 rep 1, neuroid 1, bin 2
        var v4 = a.SelectNeuroids("region", "V4").MeanOverTimeWindow(10, 30);
        Assert.Equal(2, v4.Neuroids);
        Assert.Equal(10 + 1.5, v4.Squeeze()[0, 1], 12); // bins 1 and 2 averaged
        var avg = v4.AverageRepetitions();
        Assert.Equal(["s0", "s1", "s2"], avg.StimulusIds);
        Assert.Equal(200 + 1.5 + 0.05, avg.Responses[2, 0], 12);
        Assert.Equal(["car", "dog", "car"], avg.Labels("object_name"));
        Assert.Equal([0, 1, 2, 0, 1, 2], avg.TrialStimulus);
        Assert.Equal([0, 0, 0, 1, 1, 1], avg.TrialRepetition);
        // Halves differ only by the 0.1 repetition offset, so the split-half ceiling is 1.
        Assert.Equal(1.0, new SplitHalfConsistency().Estimate(avg.Trials, avg.TrialStimulus, avg.TrialRepetition).Ceiling, 9);
    }

    [Fact]
    public void Missing_coordinates_and_files_are_named()
    {
        var a = NeuroidAssembly.Load(Ncgen(Cdl(true)));
        Assert.Contains("No neuroid has region = 'V1'", Assert.Throws<ArgumentException>(() => a.SelectNeuroids("region", "V1")).Message);
        Assert.Contains("No time bin", Assert.Throws<ArgumentException>(() => a.MeanOverTimeWindow(50, 60)).Message);
        Assert.Throws<InvalidOperationException>(() => a.Squeeze());
        Assert.Throws<FileNotFoundException>(() => NeuroidAssembly.Load(Path.Combine(_dir, "missing.nc")));
        var notNc = Path.Combine(_dir, "x.nc"); File.WriteAllText(notNc, "hello");
        Assert.Contains("netCDF open failed", Assert.Throws<InvalidDataException>(() => NeuroidAssembly.Load(notNc)).Message);
    }
}
