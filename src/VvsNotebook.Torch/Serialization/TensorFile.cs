using System.Text;

namespace VvsNotebook.Torch;

/// <summary>
/// Named tensors in a small self-describing binary file (magic "VVST", version, then per entry: name, dtype,
/// shape, raw little-endian bytes). Writes go to a temporary file that is renamed into place, so a crash never
/// leaves a half-written state behind.
/// </summary>
public static class TensorFile
{
    private static readonly byte[] Magic = "VVST"u8.ToArray();
    private const int Version = 1;

    public static void Save(string path, IEnumerable<(string name, Tensor tensor)> tensors)
    {
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            var list = tensors.ToList();
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(list.Count);
            foreach (var (name, tensor) in list)
            {
                writer.Write(name);
                writer.Write((int)tensor.dtype);
                var shape = tensor.shape;
                writer.Write(shape.Length);
                foreach (var d in shape) writer.Write(d);
                var bytes = tensor.bytes();
                writer.Write(bytes.LongLength);
                writer.Write(bytes);
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads every tensor; the caller owns them (they are outside any dispose scope).</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Tensor file not found: {path}", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path} is not a VvsNotebook tensor file (bad magic).");
            var version = reader.ReadInt32();
            if (version != Version) throw new InvalidDataException($"{path} has tensor-file version {version}; this build reads version {Version}.");
            var count = reader.ReadInt32();
            var result = new Dictionary<string, Tensor>(count);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var dtype = (ScalarType)reader.ReadInt32();
                var shape = new long[reader.ReadInt32()];
                for (var d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
                var length = reader.ReadInt64();
                var bytes = reader.ReadBytes(checked((int)length));
                if (bytes.Length != length) throw new InvalidDataException($"{path} is truncated inside tensor '{name}'.");
                result[name] = FromBytes(bytes, shape, dtype).DetachFromDisposeScope();
            }
            return result;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path} is truncated.");
        }
    }

    private static unsafe Tensor FromBytes(byte[] bytes, long[] shape, ScalarType dtype)
    {
        if (bytes.LongLength != shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize())
            throw new InvalidDataException($"Tensor bytes ({bytes.Length}) do not match shape [{string.Join(", ", shape)}] of {dtype}.");
        fixed (byte* p = bytes)
        fixed (long* s = shape)
            return Tensor.Wrap(PInvoke.NativeMethods.vvs_tensor_from_data(p, s, shape.Length, (int)dtype));
    }
}
