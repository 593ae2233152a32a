using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using VvsNotebook.Files;
using VvsNotebook.Training.Loop;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>
/// Writes a state dict as <c>torch.save(model.state_dict(), path)</c> does: a zip with <c>archive/data.pkl</c> (an
/// OrderedDict of <c>torch._utils._rebuild_tensor_v2</c> calls, pickle protocol 2), one stored (uncompressed)
/// <c>archive/data/&lt;i&gt;</c> per tensor, <c>archive/byteorder</c> and <c>archive/version</c>. It names only
/// globals that <c>torch.load(weights_only=True)</c> allows.
/// </summary>
internal static class CheckpointWriter
{
    private const string Archive = "archive/";

    /// <param name="tensors">Contiguous CPU tensors, in the order <c>state_dict()</c> lists them.</param>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors) =>
        AtomicFile.WriteStream(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            Entry(zip, "data.pkl", Pickle(tensors));
            Entry(zip, "byteorder", Encoding.ASCII.GetBytes("little"));
            for (var i = 0; i < tensors.Count; i++)
            {
                using var data = zip.CreateEntry(Archive + "data/" + i.ToString(CultureInfo.InvariantCulture), CompressionLevel.NoCompression).Open();
                data.Write(tensors[i].Tensor.bytes);
            }
            Entry(zip, "version", Encoding.ASCII.GetBytes("3\n"));
        });

    private static void Entry(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(Archive + name, CompressionLevel.NoCompression).Open();
        stream.Write(content);
    }

    private static byte[] Pickle(IReadOnlyList<(string Name, Tensor Tensor)> tensors)
    {
        var p = new PickleBuilder();
        p.Op(0x80).Op(2);                                           // PROTO 2
        var orderedDict = p.Global("collections", "OrderedDict");
        p.Op(')').Op('R');                                          // OrderedDict()
        p.Op('(');                                                  // MARK for SETITEMS
        int? rebuild = null;
        var storageTypes = new Dictionary<string, int>();
        for (var i = 0; i < tensors.Count; i++)
        {
            var (name, tensor) = tensors[i];
            p.Unicode(name);
            rebuild = rebuild is { } r ? p.Get(r) : p.Global("torch._utils", "_rebuild_tensor_v2");
            p.Op('(');                                              // the arguments of _rebuild_tensor_v2
            // The persistent id: ('storage', torch.FloatStorage, key, location, numel).
            p.Op('(').Unicode("storage");
            var type = TorchPickle.StorageTypes.First(kv => kv.Value == tensor.dtype && kv.Key != "UntypedStorage").Key;
            if (storageTypes.TryGetValue(type, out var memo)) p.Get(memo); else storageTypes[type] = p.Global("torch", type);
            p.Unicode(i.ToString(CultureInfo.InvariantCulture)).Unicode("cpu").Int(tensor.numel()).Op('t').Op('Q');
            p.Int(0);                                               // storage offset
            p.Tuple(tensor.shape).Tuple(tensor.stride());
            p.Op(0x89);                                             // requires_grad False
            p.Get(orderedDict);
            p.Op(')').Op('R');                                      // backward hooks: OrderedDict()
            p.Op('t').Op('R');
        }
        p.Op('u').Op('.');                                          // SETITEMS, STOP
        return p.ToArray();
    }

    /// <summary>The few pickle opcodes a state dict needs, with a memo for the globals it names more than once.</summary>
    private sealed class PickleBuilder
    {
        private readonly MemoryStream _bytes = new();
        private int _memo;

        public PickleBuilder Op(char op) => Op((byte)op);

        public PickleBuilder Op(byte op)
        {
            _bytes.WriteByte(op);
            return this;
        }

        /// <summary>GLOBAL, memoised; returns its memo index.</summary>
        public int Global(string module, string name)
        {
            Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
            var index = _memo++;
            if (index < 256) Op('q').Op((byte)index);
            else { Op('r'); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, index); Raw(b); }
            return index;
        }

        public int Get(int index)
        {
            if (index < 256) Op('h').Op((byte)index);
            else { Op('j'); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, index); Raw(b); }
            return index;
        }

        public PickleBuilder Unicode(string text)
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            Op('X');
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
            return Raw(length).Raw(utf8);
        }

        public PickleBuilder Int(long value)
        {
            Span<byte> b = stackalloc byte[8];
            if (value is >= 0 and < 256) return Op('K').Op((byte)value);
            if (value is >= 0 and < 65536) { BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value); return Op('M').Raw(b[..2]); }
            if (value is >= int.MinValue and <= int.MaxValue) { BinaryPrimitives.WriteInt32LittleEndian(b, (int)value); return Op('J').Raw(b[..4]); }
            BinaryPrimitives.WriteInt64LittleEndian(b, value);
            return Op(0x8a).Op(8).Raw(b);                           // LONG1, 8 bytes two's complement
        }

        public PickleBuilder Tuple(long[] values)
        {
            Op('(');
            foreach (var v in values) Int(v);
            return Op('t');
        }

        public byte[] ToArray() => _bytes.ToArray();

        private PickleBuilder Raw(ReadOnlySpan<byte> bytes)
        {
            _bytes.Write(bytes);
            return this;
        }
    }
}
