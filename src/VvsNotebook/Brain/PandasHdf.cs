using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using VvsNotebook.Serialization;

namespace VvsNotebook.Brain;

/// <summary>
/// A DataFrame that pandas saved with <c>df.to_hdf(path, key=...)</c> in its default PyTables "fixed" format: group
/// <c>/key</c> with <c>axis0</c> (column labels), <c>axis1</c> (row index) and per dtype block <c>blockN_items</c>
/// (the block's column labels) and <c>blockN_values</c> (rows x block columns). Reads selected rows only.
/// </summary>
internal sealed class PandasHdfFrame : IDisposable
{
    private readonly NativeFile _file;
    private readonly string _name;
    private readonly (IH5Dataset Values, int Columns)[] _blocks;
    private readonly Dictionary<string, (int Block, int Column)> _where = new(StringComparer.Ordinal);

    /// <summary>Column labels in frame order (mixed str/int labels come back as their str()).</summary>
    public string[] Columns { get; }

    public long Rows { get; }

    private PandasHdfFrame(NativeFile file, string name, string[] columns, long rows, (IH5Dataset, int)[] blocks, string[][] items)
    {
        (_file, _name, Columns, Rows, _blocks) = (file, name, columns, rows, blocks);
        for (var b = 0; b < items.Length; b++)
            for (var c = 0; c < items[b].Length; c++)
                if (!_where.TryAdd(items[b][c], (b, c)))
                    throw new InvalidDataException($"{name}: column label '{items[b][c]}' occurs twice; re-save the frame with unique column labels.");
        foreach (var col in columns)
            if (!_where.ContainsKey(col)) throw new InvalidDataException($"{name}: column '{col}' of axis0 is in no blockN_items; the file is damaged, re-save it with df.to_hdf(path, key=...).");
    }

    /// <summary>Opens the frame stored under <paramref name="key"/>; a format error names the file, what it holds and the fix.</summary>
    public static PandasHdfFrame Open(string path, string key)
    {
        var name = Path.GetFileName(path);
        var fix = $"re-save it with pandas: df = pd.read_hdf(path); df.to_hdf(path, key=\"{key}\") (the default fixed format)";
        NativeFile file;
        try { file = H5File.OpenRead(path); }
        catch (Exception e) when (e is not FileNotFoundException and not UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{name} is not a readable HDF5 file ({e.Message}); re-extract it from the release archive, or {fix}.", e);
        }
        try
        {
            if (!file.LinkExists(key))
                throw new InvalidDataException($"{name} has no pandas key '{key}' (found: {Keys(file)}); {fix}.");
            if (file.Get(key) is not IH5Group g)
                throw new InvalidDataException($"{name}: '/{key}' is a dataset, not a pandas frame group; {fix}.");
            var type = g.AttributeExists("pandas_type") ? ReadString(g.Attribute("pandas_type")) : null;
            if (type != "frame")
                throw new InvalidDataException(type is null
                    ? $"{name}: '/{key}' has no pandas_type attribute, so it is not a pandas frame; {fix}."
                    : $"{name}: '/{key}' is a pandas '{type}' store{(type == "frame_table" ? " (format=\"table\")" : "")}, not the fixed-format frame this reader needs; {fix}.");
            var columns = Labels(g, "axis0", name);
            var rows = (long)g.Dataset("axis1").Space.Dimensions[0];
            var nblocks = (int)ReadLong(g.Attribute("nblocks"));
            var blocks = new (IH5Dataset, int)[nblocks];
            var items = new string[nblocks][];
            for (var b = 0; b < nblocks; b++)
            {
                items[b] = Labels(g, $"block{b}_items", name);
                var values = g.Dataset($"block{b}_values");
                var dims = values.Space.Dimensions;
                // pandas writes blocks transposed (rows x block columns); anything else is not what to_hdf writes.
                if (dims.Length != 2 || (long)dims[0] != rows || (int)dims[1] != items[b].Length)
                    throw new InvalidDataException($"{name}: block{b}_values has shape ({string.Join(", ", dims)}), expected ({rows}, {items[b].Length}) rows x block columns; {fix}.");
                blocks[b] = (values, items[b].Length);
            }
            return new PandasHdfFrame(file, name, columns, rows, blocks, items);
        }
        catch { file.Dispose(); throw; }
    }

    /// <summary>One whole column as doubles (the frame's small index-like columns, e.g. voxel_id).</summary>
    public double[] Column(string label)
    {
        var (b, c) = Locate(label);
        return ReadDoubles(_blocks[b].Values, new HyperslabSelection(2, [0, (ulong)c], [(ulong)Rows, 1]), label);
    }

    /// <summary>
    /// The given columns of the given rows: result[i][j] is row <paramref name="rows"/>[i], column <paramref name="columns"/>[j].
    /// Each block is read by hyperslabs over runs of consecutive requested rows, so only those rows leave the file.
    /// </summary>
    public double[][] Read(IReadOnlyList<long> rows, IReadOnlyList<string> columns, int maxRowsPerRead = 256)
    {
        var res = new double[rows.Count][];
        for (var i = 0; i < res.Length; i++) res[i] = new double[columns.Count];
        var order = Enumerable.Range(0, rows.Count).OrderBy(i => rows[i]).ToArray();
        foreach (var group in Enumerable.Range(0, columns.Count).Select(j => (j, At: Locate(columns[j]))).GroupBy(x => x.At.Block))
        {
            var (values, width) = _blocks[group.Key];
            var targets = group.ToArray();
            for (var k = 0; k < order.Length;)
            {
                // A run of consecutive file rows (capped, to bound the buffer: a block row is ~10k trials wide).
                var start = rows[order[k]];
                if (start < 0 || start >= Rows) throw new ArgumentOutOfRangeException(nameof(rows), $"{_name}: row {start} is outside 0..{Rows - 1}.");
                var n = 1;
                while (k + n < order.Length && n < maxRowsPerRead && rows[order[k + n]] == start + n) n++;
                var buffer = ReadDoubles(values, new HyperslabSelection(2, [(ulong)start, 0], [(ulong)n, (ulong)width]), $"block{group.Key}_values");
                for (var r = 0; r < n; r++)
                {
                    var dest = res[order[k + r]];
                    foreach (var (j, at) in targets) dest[j] = buffer[r * width + at.Column];
                }
                k += n;
                // Duplicate requested rows: copy the row just read.
                while (k < order.Length && rows[order[k]] == start + n - 1)
                {
                    foreach (var (j, _) in targets) res[order[k]][j] = res[order[k - 1]][j];
                    k++;
                }
            }
        }
        return res;
    }

    public void Dispose() => _file.Dispose();

    private (int Block, int Column) Locate(string label) => _where.TryGetValue(label, out var at) ? at
        : throw new KeyNotFoundException($"{_name} has no column '{label}'.");

    private double[] ReadDoubles(IH5Dataset d, Selection selection, string what)
    {
        var t = d.Type;
        return (t.Class, t.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => Array.ConvertAll(d.Read<float[]>(selection), x => (double)x),
            (H5DataTypeClass.FloatingPoint, 8) => d.Read<double[]>(selection),
            (H5DataTypeClass.FixedPoint, 8) => Array.ConvertAll(d.Read<long[]>(selection), x => (double)x),
            (H5DataTypeClass.FixedPoint, 4) => Array.ConvertAll(d.Read<int[]>(selection), x => (double)x),
            (H5DataTypeClass.FixedPoint, 2) => Array.ConvertAll(d.Read<short[]>(selection), x => (double)x),
            (H5DataTypeClass.FixedPoint, 1) => Array.ConvertAll(d.Read<sbyte[]>(selection), x => (double)x),
            _ => throw new InvalidDataException($"{_name}: {what} holds {t.Class} values of {t.Size} bytes; only integer and float32/float64 columns are read. Cast them with df.astype(\"float32\") before df.to_hdf."),
        };
    }

    private static string Keys(NativeFile file)
    {
        var keys = file.Children().Select(c => c.Name).ToArray();
        return keys.Length == 0 ? "nothing" : string.Join(", ", keys);
    }

    /// <summary>
    /// An index's labels: fixed-length strings, integers, or (for object-dtype indexes such as 'voxel_id' beside integer
    /// trial labels) PyTables' pickled object array, decoded by <see cref="Pickle"/>.
    /// </summary>
    private static string[] Labels(IH5Group g, string node, string file)
    {
        if (!g.LinkExists(node)) throw new InvalidDataException($"{file}: the frame has no '{node}' node; re-save it with df.to_hdf(path, key=...).");
        var d = g.Dataset(node);
        var t = d.Type;
        switch (t.Class)
        {
            case H5DataTypeClass.String:
                return d.Read<string[]>().Select(s => s.TrimEnd('\0')).ToArray();
            case H5DataTypeClass.FixedPoint:
                return Array.ConvertAll(d.Read<long[]>(), x => x.ToString(CultureInfo.InvariantCulture));
            case H5DataTypeClass.FloatingPoint:
                return Array.ConvertAll(d.Read<double[]>(), x => x.ToString("R", CultureInfo.InvariantCulture));
            case H5DataTypeClass.VariableLength:
                var rows = d.Read<byte[][]>();
                if (rows.Length != 1) throw new InvalidDataException($"{file}: {node} is an object array with {rows.Length} pickles, expected 1.");
                return Pickle.ObjectArray(rows[0], $"{file} {node}");
            default:
                throw new InvalidDataException($"{file}: {node} holds {t.Class} labels; re-save the frame with string column labels (df.columns = df.columns.astype(str)).");
        }
    }

    private static string ReadString(IH5Attribute a) => a.Type.Class == H5DataTypeClass.String
        ? (a.Space.Rank == 0 ? a.Read<string>() : a.Read<string[]>()[0]).TrimEnd('\0')
        : Encoding.UTF8.GetString(a.Read<byte[]>()).TrimEnd('\0');

    private static long ReadLong(IH5Attribute a) => a.Space.Rank == 0 ? a.Read<long>() : a.Read<long[]>()[0];
}

/// <summary>
/// Just enough of Python's pickle to decode the numpy object array PyTables stores for an object-dtype pandas index
/// (<c>_reconstruct(ndarray, ...)</c> whose state's last element is the list of labels). Nothing is executed: globals
/// stay names, and any other shape of pickle is rejected.
/// </summary>
/// <summary>Column labels that PyTables stored as a pickled numpy object array (a mix of text and integer labels).</summary>
internal static class Pickle
{
    public static string[] ObjectArray(byte[] data, string what)
    {
        object? top;
        try { top = new PickleReader(new MemoryStream(data)).Load(); } // builds plain values, never runs pickled code
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or InvalidCastException)
        {
            throw new InvalidDataException($"{what}: malformed pickle ({e.Message}); re-save the frame with df.columns = df.columns.astype(str).", e);
        }
        // numpy.core.multiarray._reconstruct(...) with BUILD state (version, shape, dtype, fortran, items).
        if (top is PickleObject { Callable.Name: "_reconstruct", State: object?[] state } && state.Length > 0 && state[^1] is List<object?> items)
            return items.Select(x => x switch
            {
                string s => s,
                long l => l.ToString(CultureInfo.InvariantCulture),
                int n => n.ToString(CultureInfo.InvariantCulture),
                System.Numerics.BigInteger b => b.ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => throw new InvalidDataException($"{what}: label {x ?? "None"} is neither a string nor a number; re-save the frame with df.columns = df.columns.astype(str)."),
            }).ToArray();
        throw new InvalidDataException($"{what}: the pickled labels are not a numpy object array; re-save the frame with df.columns = df.columns.astype(str).");
    }
}
