using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Display;

namespace VvsNotebook.Assemblies;

/// <summary>Values of one coordinate along a dimension: text or numbers.</summary>
public sealed record Coordinate(IReadOnlyList<string>? Texts, IReadOnlyList<double>? Numbers)
{
    public int Count => Texts?.Count ?? Numbers!.Count;

    /// <summary>The value as text (numbers in invariant culture, integers without a decimal point).</summary>
    public string Text(int i) => Texts is not null ? Texts[i] : Numbers![i].ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// A Brain-Score neural assembly: responses indexed by presentation (one per trial), neuroid and time bin, with
/// coordinates along each (stimulus_id, repetition, object_name ... ; neuroid_id, region ... ; time_bin_start/end).
/// Values are stored [presentation, neuroid, time_bin] in C order.
/// </summary>
public sealed record NeuroidAssembly : IMimeRenderable
{
    public required double[] Values { get; init; }
    public required int Presentations { get; init; }
    public required int Neuroids { get; init; }
    public required int TimeBins { get; init; }
    public required IReadOnlyDictionary<string, Coordinate> PresentationCoords { get; init; }
    public required IReadOnlyDictionary<string, Coordinate> NeuroidCoords { get; init; }
    public required IReadOnlyList<(double Start, double End)> TimeBinRanges { get; init; }

    public double this[int presentation, int neuroid, int timeBin] => Values[((long)presentation * Neuroids + neuroid) * TimeBins + timeBin];

    /// <summary>Loads a netCDF file in the BrainIO schema (dims presentation, neuroid and optionally time_bin).</summary>
    public static NeuroidAssembly Load(string path)
    {
        var vars = NetCdfFile.ReadAll(path);
        var data = vars.Values.Where(v => !v.IsText && v.Dimensions.Contains("presentation") && v.Dimensions.Contains("neuroid"))
            .OrderByDescending(v => v.Name == "__xarray_dataarray_variable__").ThenByDescending(v => v.Dimensions.Count).FirstOrDefault()
            ?? throw new InvalidDataException($"{path}: no variable with dimensions (presentation, neuroid); not a neural assembly.");
        var dimIndex = data.Dimensions.Select((d, i) => (d, i)).ToDictionary(t => t.d, t => t.i);
        var extra = data.Dimensions.Except(["presentation", "neuroid", "time_bin"]).ToArray();
        if (extra.Length > 0) throw new InvalidDataException($"{path}: data variable '{data.Name}' has unexpected dimension(s) {string.Join(", ", extra)}.");
        int np = data.Shape[dimIndex["presentation"]], nn = data.Shape[dimIndex["neuroid"]];
        var nt = dimIndex.TryGetValue("time_bin", out var ti) ? data.Shape[ti] : 1;
        var strides = new long[data.Shape.Count];
        long stride = 1;
        for (var d = data.Shape.Count - 1; d >= 0; d--) { strides[d] = stride; stride *= data.Shape[d]; }
        var values = new double[(long)np * nn * nt];
        for (var p = 0; p < np; p++)
            for (var n = 0; n < nn; n++)
                for (var t = 0; t < nt; t++)
                {
                    var src = p * strides[dimIndex["presentation"]] + n * strides[dimIndex["neuroid"]] + (dimIndex.ContainsKey("time_bin") ? t * strides[ti] : 0);
                    values[((long)p * nn + n) * nt + t] = data.Numbers![src];
                }
        Dictionary<string, Coordinate> Coords(string dim) => vars.Values
            .Where(v => v.Name != data.Name && v.Dimensions.Count == 1 && v.Dimensions[0] == dim && v.Name != dim)
            .ToDictionary(v => v.Name, v => new Coordinate(v.Strings, v.Numbers));
        var tc = Coords("time_bin");
        var ranges = Enumerable.Range(0, nt).Select(t => (
            tc.TryGetValue("time_bin_start", out var s) && s.Numbers is not null ? s.Numbers[t] : double.NaN,
            tc.TryGetValue("time_bin_end", out var e) && e.Numbers is not null ? e.Numbers[t] : double.NaN)).ToArray();
        var pc = Coords("presentation");
        if (!pc.ContainsKey("stimulus_id") && pc.TryGetValue("image_id", out var legacy)) pc["stimulus_id"] = legacy; // BrainIO 1.x name
        return new NeuroidAssembly
        {
            Values = values, Presentations = np, Neuroids = nn, TimeBins = nt,
            PresentationCoords = pc, NeuroidCoords = Coords("neuroid"), TimeBinRanges = ranges,
        };
    }

    /// <summary>The neuroids whose coordinate <paramref name="coord"/> equals <paramref name="value"/> (e.g. region = IT).</summary>
    public NeuroidAssembly SelectNeuroids(string coord, string value)
    {
        var c = NeuroidCoords.TryGetValue(coord, out var cc) ? cc
            : throw new ArgumentException($"The assembly has no neuroid coordinate '{coord}'. Coordinates: {string.Join(", ", NeuroidCoords.Keys)}.");
        var keep = Enumerable.Range(0, Neuroids).Where(i => c.Text(i) == value).ToArray();
        if (keep.Length == 0)
            throw new ArgumentException($"No neuroid has {coord} = '{value}'. Values present: {string.Join(", ", Enumerable.Range(0, Neuroids).Select(c.Text).Distinct())}.");
        var values = new double[(long)Presentations * keep.Length * TimeBins];
        for (var p = 0; p < Presentations; p++)
            for (var k = 0; k < keep.Length; k++)
                for (var t = 0; t < TimeBins; t++)
                    values[((long)p * keep.Length + k) * TimeBins + t] = this[p, keep[k], t];
        return this with
        {
            Values = values, Neuroids = keep.Length,
            NeuroidCoords = NeuroidCoords.ToDictionary(kv => kv.Key, kv => Subset(kv.Value, keep)),
        };
    }

    /// <summary>
    /// Mean over the time bins lying inside [start, end] (FreemanZiemba: 1-ms bins from 50 to 200 ms), giving one bin
    /// (start, end).
    /// </summary>
    public NeuroidAssembly MeanOverTimeWindow(double start, double end)
    {
        var bins = Enumerable.Range(0, TimeBins).Where(t => TimeBinRanges[t].Start >= start && TimeBinRanges[t].End <= end).ToArray();
        if (bins.Length == 0)
            throw new ArgumentException($"No time bin lies inside [{start}, {end}] ms; bins run from {TimeBinRanges.Min(r => r.Start)} to {TimeBinRanges.Max(r => r.End)}.");
        var values = new double[(long)Presentations * Neuroids];
        for (var p = 0; p < Presentations; p++)
            for (var n = 0; n < Neuroids; n++)
            {
                double s = 0; var c = 0;
                foreach (var t in bins)
                {
                    var v = this[p, n, t];
                    if (!double.IsNaN(v)) { s += v; c++; }
                }
                values[(long)p * Neuroids + n] = c == 0 ? double.NaN : s / c;
            }
        return this with { Values = values, TimeBins = 1, TimeBinRanges = [(start, end)] };
    }

    /// <summary>Presentations x neuroids for a single-bin assembly (Brain-Score's <c>squeeze('time_bin')</c>).</summary>
    public Matrix<double> Squeeze()
    {
        if (TimeBins != 1) throw new InvalidOperationException($"The assembly has {TimeBins} time bins; select or average a window first.");
        return DenseMatrix.Build.DenseOfRowMajor(Presentations, Neuroids, Values);
    }

    /// <summary>
    /// Trial-averaged responses per stimulus (Brain-Score's <c>average_repetition</c>, NaN-skipping), stimuli in
    /// ordinal order of <paramref name="stimulusCoord"/>, plus the per-trial view the split-half ceiling needs.
    /// </summary>
    public RepetitionAverage AverageRepetitions(string stimulusCoord = "stimulus_id", string repetitionCoord = "repetition")
    {
        var trials = Squeeze();
        var ids = PresentationCoords.TryGetValue(stimulusCoord, out var sc) ? sc
            : throw new ArgumentException($"The assembly has no presentation coordinate '{stimulusCoord}'.");
        var reps = PresentationCoords.TryGetValue(repetitionCoord, out var rc) ? rc
            : throw new ArgumentException($"The assembly has no presentation coordinate '{repetitionCoord}'.");
        var stimuli = Enumerable.Range(0, Presentations).Select(ids.Text).Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = stimuli.Select((s, i) => (s, i)).ToDictionary(t => t.s, t => t.i);
        var stimulusOfTrial = Enumerable.Range(0, Presentations).Select(p => index[ids.Text(p)]).ToArray();
        var sums = new double[stimuli.Length, Neuroids]; var counts = new int[stimuli.Length, Neuroids];
        for (var p = 0; p < Presentations; p++)
            for (var n = 0; n < Neuroids; n++)
            {
                var v = trials[p, n];
                if (double.IsNaN(v)) continue;
                sums[stimulusOfTrial[p], n] += v; counts[stimulusOfTrial[p], n]++;
            }
        var mean = DenseMatrix.Create(stimuli.Length, Neuroids, (i, n) => counts[i, n] == 0 ? double.NaN : sums[i, n] / counts[i, n]);
        var first = new int[stimuli.Length]; Array.Fill(first, -1);
        for (var p = 0; p < Presentations; p++) if (first[stimulusOfTrial[p]] < 0) first[stimulusOfTrial[p]] = p;
        var meta = PresentationCoords.Where(kv => kv.Key != repetitionCoord).ToDictionary(kv => kv.Key, kv => Subset(kv.Value, first));
        var repetition = Enumerable.Range(0, Presentations).Select(p => (int)Math.Round(reps.Numbers?[p] ?? double.Parse(reps.Text(p), CultureInfo.InvariantCulture))).ToArray();
        return new RepetitionAverage(stimuli, mean, meta, trials, stimulusOfTrial, repetition);
    }

    private static Coordinate Subset(Coordinate c, int[] idx) =>
        new(c.Texts is null ? null : idx.Select(i => c.Texts[i]).ToArray(), c.Numbers is null ? null : idx.Select(i => c.Numbers[i]).ToArray());

    public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string>
    {
        [MimeTypes.Plain] = $"NeuroidAssembly: {Presentations} presentations x {Neuroids} neuroids x {TimeBins} time bins\n" +
                            $"  presentation coords: {string.Join(", ", PresentationCoords.Keys)}\n  neuroid coords: {string.Join(", ", NeuroidCoords.Keys)}",
    };
}

/// <summary>Stimulus-level responses after repetition averaging, with the trials they came from.</summary>
public sealed record RepetitionAverage(IReadOnlyList<string> StimulusIds, Matrix<double> Responses,
    IReadOnlyDictionary<string, Coordinate> StimulusCoords, Matrix<double> Trials, IReadOnlyList<int> TrialStimulus, IReadOnlyList<int> TrialRepetition)
{
    /// <summary>A per-stimulus coordinate as text labels (e.g. object_name for stratification).</summary>
    public IReadOnlyList<string> Labels(string coord) => StimulusCoords.TryGetValue(coord, out var c)
        ? Enumerable.Range(0, c.Count).Select(c.Text).ToArray()
        : throw new ArgumentException($"No stimulus coordinate '{coord}'. Coordinates: {string.Join(", ", StimulusCoords.Keys)}.");
}
