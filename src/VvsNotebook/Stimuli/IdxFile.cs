using System.Buffers.Binary;
using System.IO.Compression;

namespace VvsNotebook.Stimuli;

/// <summary>Reads LeCun's IDX format (big-endian header, uint8 payload), optionally gzip-compressed: the one reader of MNIST-style files, for training and the offline suite.</summary>
public static class IdxFile
{
    /// <summary>The payload and its dimensions; only unsigned-byte IDX files (type 0x08) are supported.</summary>
    public static (byte[] Data, int[] Dimensions) Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file not found: {path}. Fashion-MNIST comes with the Debian package dataset-fashion-mnist, or put its files at <data dir>/fashion-mnist/ and pass --data-dir or set VVS_DATA.", path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        Span<byte> magic = stackalloc byte[4];
        stream.ReadExactly(magic);
        if (magic[0] != 0 || magic[1] != 0) throw new InvalidDataException($"{path} is not an IDX file (bad magic).");
        if (magic[2] != 0x08) throw new InvalidDataException($"{path} holds IDX type 0x{magic[2]:x2}; only unsigned bytes (0x08) are supported.");
        var dims = new int[magic[3]];
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < dims.Length; i++)
        {
            stream.ReadExactly(word);
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(word);
        }
        var data = new byte[dims.Aggregate(1L, (a, b) => a * b)];
        try { stream.ReadExactly(data); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{path} is truncated: expected {data.Length} payload bytes for shape [{string.Join(", ", dims)}]."); }
        return (data, dims);
    }
}
