using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Files;

namespace VvsNotebook.Assemblies;

/// <summary>An n-dimensional array read from a <c>.npy</c> file, held as float64 in C order.</summary>
public sealed record NpyArray(IReadOnlyList<int> Shape, double[] Data)
{
    /// <summary>The array as a matrix: 2-d as is, 1-d as one column; anything else is an error.</summary>
    public Matrix<double> ToMatrix(string name = "array")
    {
        if (Shape.Count == 1) return DenseMatrix.OfColumnMajor(Shape[0], 1, Data);
        if (Shape.Count != 2)
            throw new InvalidDataException($"{name} has shape ({string.Join(", ", Shape)}); a 2-d (stimuli x features) array is needed.");
        return DenseMatrix.Build.DenseOfRowMajor(Shape[0], Shape[1], Data);
    }

    public static NpyArray FromMatrix(Matrix<double> m) => new([m.RowCount, m.ColumnCount], m.ToRowMajorArray());
}

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1-3): float32/float64 and integer arrays, little or big
/// endian, C or Fortran order on reading; float64 C order on writing (atomically, via a temporary file).
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"NPY file not found: {path}", path);
        using var s = File.OpenRead(path);
        return Read(s, path);
    }

    public static NpyArray Read(Stream stream, string source = "<stream>")
    {
        var head = ReadExactly(stream, 8, source);
        if (!head.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException($"{source} is not a .npy file (bad magic).");
        int headerLength = head[6] switch
        {
            1 => BinaryPrimitives.ReadUInt16LittleEndian(ReadExactly(stream, 2, source)),
            2 or 3 => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4, source))),
            _ => throw new InvalidDataException($"{source}: unsupported .npy format version {head[6]}.{head[7]}."),
        };
        var header = Encoding.UTF8.GetString(ReadExactly(stream, headerLength, source));
        var descr = Match(header, @"'descr'\s*:\s*'([^']*)'", source, "descr");
        var fortran = Match(header, @"'fortran_order'\s*:\s*(True|False)", source, "fortran_order") == "True";
        var shapeText = Match(header, @"'shape'\s*:\s*\(([^)]*)\)", source, "shape");
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);

        var order = descr[0];
        var kind = descr[1..];
        int size = kind switch { "f8" or "i8" or "u8" => 8, "f4" or "i4" or "u4" => 4, "i2" or "u2" => 2, "i1" or "u1" or "b1" => 1,
            _ => throw new InvalidDataException($"{source}: dtype '{descr}' is not supported (use float32 or float64).") };
        var big = order == '>' && size > 1;
        var raw = ReadExactly(stream, checked((int)(count * size)), source);
        var data = new double[count];
        for (long i = 0; i < count; i++)
        {
            var b = raw.AsSpan((int)(i * size), size);
            data[i] = kind switch
            {
                "f8" => big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
                "f4" => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
                "i8" => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
                "u8" => big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
                "i4" => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                "u4" => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                "i2" => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                "u2" => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                "i1" => (sbyte)b[0],
                _ => b[0],
            };
        }
        if (fortran && shape.Length > 1) data = FortranToC(data, shape);
        return new NpyArray(shape, data);
    }

    /// <summary>Writes a float64 C-order array; the file appears only when complete.</summary>
    public static void Write(string path, NpyArray array) => AtomicFile.Write(path, tmp =>
    {
        using var s = File.Create(tmp);
        Write(s, array);
    });

    public static void Write(string path, Matrix<double> m) => Write(path, NpyArray.FromMatrix(m));

    public static void Write(Stream stream, NpyArray array)
    {
        var shape = array.Shape.Count == 1 ? $"({array.Shape[0]},)" : $"({string.Join(", ", array.Shape)})";
        var dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}";
        var total = 10 + dict.Length + 1;
        var pad = (64 - total % 64) % 64;
        var header = dict + new string(' ', pad) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var buf = new byte[array.Data.Length * 8];
        for (var i = 0; i < array.Data.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(buf.AsSpan(i * 8), array.Data[i]);
        stream.Write(buf);
    }

    private static double[] FortranToC(double[] data, int[] shape)
    {
        var res = new double[data.Length];
        var idx = new int[shape.Length];
        for (var f = 0; f < data.Length; f++)
        {
            long c = 0;
            for (var d = 0; d < shape.Length; d++) c = c * shape[d] + idx[d];
            res[c] = data[f];
            for (var d = 0; d < shape.Length && ++idx[d] == shape[d]; d++) idx[d] = 0;
        }
        return res;
    }

    private static string Match(string header, string pattern, string source, string key)
    {
        var m = Regex.Match(header, pattern);
        if (!m.Success) throw new InvalidDataException($"{source}: .npy header lacks '{key}': {header.Trim()}");
        return m.Groups[1].Value;
    }

    private static byte[] ReadExactly(Stream s, int count, string source)
    {
        var buf = new byte[count];
        try { s.ReadExactly(buf); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{source} is truncated: expected {count} more bytes."); }
        return buf;
    }
}
