using static TorchSharp.torch;

using VvsNotebook.Serialization;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>A storage that a <c>torch.save</c> archive holds as <c>data/&lt;Key&gt;</c>.</summary>
public sealed record StorageRecord(string Key, ScalarType DType, long Elements, string Location);

/// <summary>A tensor as <c>torch.save</c> pickles it: a strided view of a storage, read only when asked for.</summary>
public sealed record TensorRecord(StorageRecord Storage, long Offset, long[] Shape, long[] Stride)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    public override string ToString() => $"{Storage.DType}[{string.Join(", ", Shape)}]";
}

/// <summary>
/// The callables and persistent ids of PyTorch's pickles that <see cref="PickleReader"/> rebuilds: tensors, parameters,
/// OrderedDicts and storages; the rest stays inert (like <c>torch.load(weights_only=True)</c>, nothing runs).
/// </summary>
internal static class TorchPickle
{
    /// <summary>Legacy storage class names (what <c>torch.save</c> still writes) by dtype.</summary>
    internal static readonly IReadOnlyDictionary<string, ScalarType> StorageTypes = new Dictionary<string, ScalarType>
    {
        ["DoubleStorage"] = ScalarType.Float64,
        ["FloatStorage"] = ScalarType.Float32,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
        ["ComplexFloatStorage"] = ScalarType.ComplexFloat32,
        ["ComplexDoubleStorage"] = ScalarType.ComplexFloat64,
        ["UntypedStorage"] = ScalarType.Byte,
    };

    public static object? Reduce(PickleGlobal callable, object?[] args) => (callable.Module, callable.Name) switch
    {
        ("collections", "OrderedDict") => OrderedDict(args),
        ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor") => Tensor(args),
        // A Parameter is its data; requires_grad and hooks mean nothing to a state dict.
        ("torch._utils", "_rebuild_parameter" or "_rebuild_parameter_with_state") => Arg(args, 0, callable),
        // Tensor subclasses: the inner rebuild call, with the subclass dropped.
        ("torch._tensor", "_rebuild_from_type_v2") when args.Length >= 3 && args[0] is PickleGlobal inner && args[2] is object?[] innerArgs =>
            Reduce(inner, innerArgs) is var rebuilt && ReferenceEquals(rebuilt, PickleReader.Unhandled) ? new PickleObject(inner, innerArgs) : rebuilt,
        ("torch", "Size") => Arg(args, 0, callable),
        _ => PickleReader.Unhandled,
    };

    /// <summary><c>('storage', torch.FloatStorage, key, location, numel)</c>, the persistent id of every storage.</summary>
    public static object PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: >= 5 } id || id[0] is not "storage")
            throw new InvalidDataException($"Unknown persistent id in the pickle: {Describe(pid)}; torch.save writes ('storage', type, key, location, size).");
        if (id[1] is not PickleGlobal { Module: "torch" } type || !StorageTypes.TryGetValue(type.Name, out var dtype))
            throw new InvalidDataException($"Unsupported storage type {Describe(id[1])} (quantized or custom storages are not read).");
        var key = id[2] as string ?? throw new InvalidDataException($"A storage key is {Describe(id[2])}, not a string.");
        return new StorageRecord(key, dtype, Integer(id[4], "storage size"), id[3] as string ?? "cpu");
    }

    private static PickleDict OrderedDict(object?[] args)
    {
        var dict = new PickleDict();
        // OrderedDict() in state dicts; OrderedDict([(k, v), ...]) from hand-written pickles.
        if (args is [List<object?> pairs])
            foreach (var pair in pairs)
                if (pair is object?[] { Length: 2 } kv) dict.Items[kv[0] ?? PickleReader.None] = kv[1];
        return dict;
    }

    /// <summary><c>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])</c>.</summary>
    private static TensorRecord Tensor(object?[] args)
    {
        if (args.Length < 4 || args[0] is not StorageRecord storage)
            throw new InvalidDataException($"A tensor in the pickle has no storage ({args.Length} arguments to _rebuild_tensor_v2).");
        var offset = Integer(args[1], "storage offset");
        var shape = Integers(args[2], "size");
        var stride = Integers(args[3], "stride");
        if (shape.Length != stride.Length) throw new InvalidDataException($"A tensor's size [{string.Join(", ", shape)}] and stride [{string.Join(", ", stride)}] differ in length.");
        var record = new TensorRecord(storage, offset, shape, stride);
        var last = record.Elements == 0 ? offset : offset + shape.Zip(stride, (n, s) => (n - 1) * s).Sum();
        if (offset < 0 || shape.Any(n => n < 0) || stride.Any(s => s < 0) || (record.Elements > 0 && last >= storage.Elements))
            throw new InvalidDataException($"A tensor [{string.Join(", ", shape)}] reaches past its storage data/{storage.Key} ({storage.Elements} elements).");
        return record;
    }

    private static object? Arg(object?[] args, int index, PickleGlobal callable) =>
        index < args.Length ? args[index] : throw new InvalidDataException($"{callable} is called with {args.Length} arguments.");

    private static long Integer(object? value, string what) =>
        value is long v ? v : throw new InvalidDataException($"A tensor's {what} is {Describe(value)}, not an integer.");

    private static long[] Integers(object? value, string what) =>
        value is object?[] items ? items.Select(i => Integer(i, what)).ToArray() : throw new InvalidDataException($"A tensor's {what} is {Describe(value)}, not a tuple.");

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        PickleGlobal g => g.ToString(),
        PickleObject o => o.ToString(),
        TensorRecord t => $"a tensor {t}",
        PickleDict => "a dict",
        List<object?> => "a list",
        object?[] => "a tuple",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? value.GetType().Name,
    };
}
