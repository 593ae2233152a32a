using System.IO.Compression;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

using VvsNotebook.Serialization;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>
/// An open <c>torch.save</c> file in PyTorch's zip format (1.6 and later): <c>&lt;name&gt;/data.pkl</c> (the pickled
/// object, read by <see cref="PickleReader"/>), <c>&lt;name&gt;/data/&lt;key&gt;</c> (raw little-endian storages) and
/// <c>&lt;name&gt;/version</c>. Other files (legacy pickles, TorchScript, safetensors) are refused with what to do.
/// </summary>
internal sealed class CheckpointArchive : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly string _prefix;

    private CheckpointArchive(string path, ZipArchive zip, string prefix, object? root)
    {
        Path = path; _zip = zip; _prefix = prefix; Root = root;
    }

    public string Path { get; }

    /// <summary>The unpickled object: dicts, lists, tuples, scalars, <see cref="TensorRecord"/>s.</summary>
    public object? Root { get; }

    public static CheckpointArchive Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        var stream = File.OpenRead(path);
        try
        {
            CheckFormat(path, stream);
            ZipArchive zip;
            try { zip = new ZipArchive(stream, ZipArchiveMode.Read); }
            catch (InvalidDataException e)
            {
                throw new PyTorchCheckpointException($"{path} starts like a zip archive but cannot be read as one (truncated or damaged?): {e.Message}", e);
            }
            try
            {
                var prefix = FindPrefix(path, zip);
                var byteOrder = zip.GetEntry(prefix + "byteorder") is { } order ? ReadText(order).Trim() : "little";
                if (byteOrder != "little")
                    throw new PyTorchCheckpointException($"{path} stores {byteOrder}-endian tensors; only little-endian checkpoints are read. Re-save it on a little-endian machine.");
                using var pickle = new MemoryStream();
                using (var data = zip.GetEntry(prefix + "data.pkl")!.Open()) data.CopyTo(pickle);
                pickle.Position = 0;
                object? root;
                try { root = new PickleReader(pickle, TorchPickle.Reduce, TorchPickle.PersistentLoad).Load(); }
                catch (InvalidDataException e)
                {
                    throw new PyTorchCheckpointException($"{path}: cannot read its pickle: {e.Message}", e);
                }
                return new CheckpointArchive(path, zip, prefix, root);
            }
            catch
            {
                zip.Dispose();
                throw;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The tensor <paramref name="record"/> describes, as a new contiguous CPU tensor.</summary>
    public Tensor Read(TensorRecord record)
    {
        using var flat = torch.empty([record.Storage.Elements], record.Storage.DType);
        flat.bytes = Storage(record.Storage);
        using var view = flat.as_strided(record.Shape, record.Stride, record.Offset);
        using var dense = view.contiguous();
        // A copy of its own, so a small view does not keep a large shared storage alive.
        return dense.clone();
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>The storage's bytes (read again for each tensor that views it: shared storages are rare in state dicts).</summary>
    private byte[] Storage(StorageRecord storage)
    {
        var entry = _zip.GetEntry(_prefix + "data/" + storage.Key)
            ?? throw new PyTorchCheckpointException($"{Path} lacks data/{storage.Key}, a storage its pickle refers to (truncated or repacked archive?).");
        var expected = checked(storage.Elements * ElementSize(storage.DType));
        if (entry.Length < expected)
            throw new PyTorchCheckpointException($"{Path}: data/{storage.Key} holds {entry.Length} bytes, but its pickle describes {storage.Elements} x {storage.DType} ({expected} bytes).");
        var bytes = new byte[expected];
        using (var data = entry.Open()) data.ReadExactly(bytes);
        return bytes;
    }

    internal static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new PyTorchCheckpointException($"Tensors of type {dtype} are not read."),
    };

    /// <summary>Tells the formats apart by their first bytes, so every non-zip file gets its own advice.</summary>
    private static void CheckFormat(string path, Stream stream)
    {
        var head = new byte[512];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return;
        // Legacy torch.save: a pickle (protocol 2) whose first object is the magic number 0x1950a86a20f9469cfc6c.
        if (read >= 2 && head[0] == 0x80 && head[1] <= 5 || read >= 262 && Encoding.ASCII.GetString(head, 257, 5) == "ustar")
            throw new PyTorchCheckpointException(
                $"{path} was written in PyTorch's legacy (pre-1.6, non-zip) format, which is not read here. Re-save it in the zip format " +
                "with PyTorch >= 1.6: `torch.save(torch.load(old_path, map_location=\"cpu\"), new_path)` (the default; pass " +
                "`_use_new_zipfile_serialization=True` if your code turned it off).");
        if (read >= 9 && head[8] == '{')
            throw new PyTorchCheckpointException($"{path} looks like a safetensors file, which is not read here; save the state dict with torch.save(model.state_dict(), path).");
        throw new PyTorchCheckpointException($"{path} is not a PyTorch checkpoint (torch.save writes a zip archive; this file does not start like one).");
    }

    /// <summary>The archive's top folder ("archive/" since PyTorch 2, the file's stem before).</summary>
    private static string FindPrefix(string path, ZipArchive zip)
    {
        var names = zip.Entries.Select(e => e.FullName).ToList();
        var pickle = names.FirstOrDefault(n => n.EndsWith("/data.pkl", StringComparison.Ordinal) && n.IndexOf('/') == n.Length - "/data.pkl".Length);
        var prefix = pickle?[..^"data.pkl".Length];
        if (names.Any(n => n.EndsWith("/constants.pkl", StringComparison.Ordinal) || n.Contains("/code/", StringComparison.Ordinal)))
            throw new PyTorchCheckpointException($"{path} is a TorchScript archive (torch.jit.save), not a torch.save checkpoint. In Python, load it with " +
                "torch.jit.load and save its weights with torch.save(model.state_dict(), path).");
        return prefix ?? throw new PyTorchCheckpointException($"{path} is a zip archive but not a torch.save checkpoint (it has no <name>/data.pkl).");
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
