using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace VvsNotebook.Serialization;

/// <summary>A Python global a pickle names (<c>module.name</c>); never imported or called, only looked at.</summary>
public sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>
/// What a pickle builds by calling a global that <see cref="PickleReader"/> was not told how to rebuild: the callable,
/// its arguments and the state a later BUILD gave it (a pickled class instance, a numpy scalar...).
/// </summary>
public sealed class PickleObject(PickleGlobal callable, object?[] args)
{
    public PickleGlobal Callable { get; } = callable;
    public object?[] Args { get; } = args;
    public object? State { get; internal set; }

    public override string ToString() => $"{Callable}(...)";
}

/// <summary>A Python dict (or OrderedDict) in insertion order. Python's None key is <see cref="PickleReader.None"/>.</summary>
public sealed class PickleDict
{
    public OrderedDictionary<object, object?> Items { get; } = new();

    /// <summary>Attributes set by BUILD (an OrderedDict's <c>_metadata</c>).</summary>
    public object? State { get; internal set; }

    public bool TryGet(string key, out object? value) => Items.TryGetValue(key, out value);
}

/// <summary>
/// A pickle reader that executes nothing: globals are resolved only through <c>reduce</c>, the caller's table of
/// known callables, and anything else becomes an inert <see cref="PickleObject"/>. That is what makes reading a
/// checkpoint from an untrusted source safe here (Python's own unpickler would import and call them). Covers the
/// opcodes of protocols 0-5 that data pickles use; out-of-band buffers and the extension registry are refused.
/// </summary>
public sealed class PickleReader
{
    /// <summary>Python's None used as a dict key (a dictionary cannot key on null).</summary>
    public static readonly object None = new();

    /// <summary>Returned by a <c>reduce</c> table for callables it does not rebuild.</summary>
    public static readonly object Unhandled = new();

    private static readonly object Mark = new();

    private readonly Stream _input;
    private readonly Func<PickleGlobal, object?[], object?>? _reduce;
    private readonly Func<object?, object?>? _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];

    /// <param name="input">The pickle stream, read up to its STOP opcode.</param>
    /// <param name="reduce">Rebuilds what a known callable returns from its arguments; <see cref="Unhandled"/> keeps an
    /// inert <see cref="PickleObject"/> instead.</param>
    /// <param name="persistentLoad">Resolves persistent ids (PyTorch's storages); without it they are an error.</param>
    public PickleReader(Stream input, Func<PickleGlobal, object?[], object?>? reduce = null, Func<object?, object?>? persistentLoad = null)
    {
        _input = input; _reduce = reduce; _persistentLoad = persistentLoad;
    }

    /// <summary>Reads one pickle up to its STOP opcode.</summary>
    public object? Load()
    {
        while (true)
        {
            var op = ReadByte();
            switch (op)
            {
                case 0x80: ReadByte(); break;                                   // PROTO
                case 0x95: ReadBytes(8); break;                                 // FRAME: a length hint only
                case (byte)'.': return Pop();                                   // STOP
                case (byte)'(': _marks.Add(_stack.Count); break;                // MARK
                case (byte)'0': Pop(); break;                                   // POP
                case (byte)'1': PopMark(); break;                               // POP_MARK
                case (byte)'2': Push(Peek()); break;                            // DUP
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
                case (byte)'K': Push((long)ReadByte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
                case 0x8a: Push(LittleEndianInteger(ReadBytes(ReadByte()))); break;                       // LONG1
                case 0x8b: Push(LittleEndianInteger(ReadBytes(checked((int)ReadUInt32())))); break;      // LONG4
                case (byte)'I': Push(TextInteger(ReadLine())); break;                                     // INT (protocol 0)
                case (byte)'L': Push(TextInteger(ReadLine().TrimEnd('L'))); break;                        // LONG (protocol 0)
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;         // BINFLOAT
                case (byte)'F': Push(double.Parse(ReadLine(), CultureInfo.InvariantCulture)); break;      // FLOAT
                case (byte)'X': Push(Utf8(checked((int)ReadUInt32()))); break;                            // BINUNICODE
                case 0x8c: Push(Utf8(ReadByte())); break;                                                 // SHORT_BINUNICODE
                case 0x8d: Push(Utf8(checked((int)ReadUInt64()))); break;                                 // BINUNICODE8
                case (byte)'V': Push(ReadLine()); break;                                                  // UNICODE (raw, ASCII in practice)
                case (byte)'T': Push(Encoding.Latin1.GetString(ReadBytes(checked((int)ReadUInt32())))); break; // BINSTRING (Python 2 str)
                case (byte)'U': Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;           // SHORT_BINSTRING
                case (byte)'S': Push(ReadLine().Trim('\'', '"')); break;                                  // STRING (protocol 0)
                case (byte)'B': Push(ReadBytes(checked((int)ReadUInt32()))); break;                       // BINBYTES
                case (byte)'C': Push(ReadBytes(ReadByte())); break;                                       // SHORT_BINBYTES
                case 0x8e: Push(ReadBytes(checked((int)ReadUInt64()))); break;                            // BINBYTES8
                case 0x96: Push(ReadBytes(checked((int)ReadUInt64()))); break;                            // BYTEARRAY8
                case (byte)')': Push(Array.Empty<object?>()); break;                                      // EMPTY_TUPLE
                case (byte)'t': Push(PopMark().ToArray()); break;                                         // TUPLE
                case 0x85: Push(PopMany(1)); break;                                                       // TUPLE1..3
                case 0x86: Push(PopMany(2)); break;
                case 0x87: Push(PopMany(3)); break;
                case (byte)']': Push(new List<object?>()); break;                                         // EMPTY_LIST
                case (byte)'l': Push(PopMark()); break;                                                   // LIST
                case (byte)'a': { var item = Pop(); ListOn(Peek()).Add(item); break; }                    // APPEND
                case (byte)'e': { var items = PopMark(); ListOn(Peek()).AddRange(items); break; }         // APPENDS
                case 0x8f: Push(new List<object?>()); break;                                              // EMPTY_SET (a list here)
                case 0x90: { var items = PopMark(); ListOn(Peek()).AddRange(items); break; }              // ADDITEMS
                case 0x91: Push(PopMark()); break;                                                        // FROZENSET
                case (byte)'}': Push(new PickleDict()); break;                                            // EMPTY_DICT
                case (byte)'d': { var d = new PickleDict(); SetItems(d, PopMark()); Push(d); break; }     // DICT
                case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(DictOn(Peek()), [k, v]); break; } // SETITEM
                case (byte)'u': { var kv = PopMark(); SetItems(DictOn(Peek()), kv); break; }              // SETITEMS
                case (byte)'c': Push(new PickleGlobal(ReadLine(), ReadLine())); break;                    // GLOBAL
                case 0x93: { var name = Pop(); var module = Pop(); Push(new PickleGlobal(Text(module), Text(name))); break; } // STACK_GLOBAL
                case (byte)'R': { var args = Tuple(Pop()); Push(Call(Pop(), args)); break; }              // REDUCE
                case 0x81: { var args = Tuple(Pop()); Push(Call(Pop(), args)); break; }                   // NEWOBJ: cls.__new__(cls, *args)
                case 0x92: { Pop(); var args = Tuple(Pop()); Push(Call(Pop(), args)); break; }            // NEWOBJ_EX (kwargs dropped)
                case (byte)'i': { var g = new PickleGlobal(ReadLine(), ReadLine()); Push(Call(g, PopMark().ToArray())); break; } // INST
                case (byte)'o': { var items = PopMark(); Push(Call(items[0], items.Skip(1).ToArray())); break; }               // OBJ
                case (byte)'b': Build(Pop(), Peek()); break;                                              // BUILD
                case (byte)'p': _memo[long.Parse(ReadLine(), CultureInfo.InvariantCulture)] = Peek(); break;   // PUT
                case (byte)'q': _memo[ReadByte()] = Peek(); break;                                        // BINPUT
                case (byte)'r': _memo[ReadUInt32()] = Peek(); break;                                      // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break;                                            // MEMOIZE
                case (byte)'g': Push(Memo(long.Parse(ReadLine(), CultureInfo.InvariantCulture))); break;  // GET
                case (byte)'h': Push(Memo(ReadByte())); break;                                            // BINGET
                case (byte)'j': Push(Memo(ReadUInt32())); break;                                          // LONG_BINGET
                case (byte)'P': Push(PersistentLoad(ReadLine())); break;                                  // PERSID
                case (byte)'Q': Push(PersistentLoad(Pop())); break;                                       // BINPERSID
                default:
                    throw new InvalidDataException($"Unsupported pickle opcode 0x{op:x2}{(_input.CanSeek ? $" at byte {_input.Position - 1}" : "")}" +
                        (op is 0x82 or 0x83 or 0x84 or 0x97 or 0x98 ? " (extension registry or out-of-band buffer)." : "."));
            }
        }
    }

    private object? Call(object? callable, object?[] args)
    {
        if (callable is not PickleGlobal global)
            throw new InvalidDataException($"The pickle calls a {callable?.GetType().Name ?? "None"}, not a global.");
        var rebuilt = _reduce is null ? Unhandled : _reduce(global, args);
        return ReferenceEquals(rebuilt, Unhandled) ? new PickleObject(global, args) : rebuilt;
    }

    private static void Build(object? state, object? target)
    {
        switch (target)
        {
            case PickleObject o: o.State = state; break;
            case PickleDict d: d.State = state; break;
            // Rebuilt values (tensors) keep no extra state: PyTorch only puts Python attributes there.
        }
    }

    private object? PersistentLoad(object? pid) =>
        _persistentLoad is null ? throw new InvalidDataException("The pickle refers to persistent data, but none was given.") : _persistentLoad(pid);

    private static void SetItems(PickleDict dict, List<object?> flat)
    {
        if (flat.Count % 2 != 0) throw new InvalidDataException("A pickled dict has an odd number of keys and values.");
        for (var i = 0; i < flat.Count; i += 2) dict.Items[flat[i] ?? None] = flat[i + 1];
    }

    private static List<object?> ListOn(object? target) =>
        target as List<object?> ?? throw new InvalidDataException($"The pickle appends to a {target?.GetType().Name ?? "None"}, not a list.");

    private static PickleDict DictOn(object? target) =>
        target as PickleDict ?? throw new InvalidDataException($"The pickle sets items on a {target?.GetType().Name ?? "None"}, not a dict.");

    private static object?[] Tuple(object? value) =>
        value as object?[] ?? throw new InvalidDataException($"Expected an argument tuple, found a {value?.GetType().Name ?? "None"}.");

    private static string Text(object? value) =>
        value as string ?? throw new InvalidDataException($"Expected a string, found a {value?.GetType().Name ?? "None"}.");

    private object? Memo(long key) =>
        _memo.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"The pickle refers to memo entry {key}, which it never stored.");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw new InvalidDataException("The pickle reads from an empty stack.");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopMany(int count)
    {
        if (_stack.Count < count) throw new InvalidDataException("The pickle reads from an empty stack.");
        var items = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return items;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0) throw new InvalidDataException("The pickle closes a MARK it never opened.");
        var start = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(start, _stack.Count - start);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private static object LittleEndianInteger(byte[] bytes)
    {
        if (bytes.Length == 0) return 0L;
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private static object TextInteger(string text) => text switch
    {
        "00" => false,
        "01" => true,
        _ => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : BigInteger.Parse(text, CultureInfo.InvariantCulture),
    };

    private byte ReadByte()
    {
        var b = _input.ReadByte();
        return b < 0 ? throw new InvalidDataException("The pickle ends before its STOP opcode (truncated file?).") : (byte)b;
    }

    private byte[] ReadBytes(int count)
    {
        var buffer = new byte[count];
        try { _input.ReadExactly(buffer); }
        catch (EndOfStreamException) { throw new InvalidDataException("The pickle ends before its STOP opcode (truncated file?)."); }
        return buffer;
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    private string Utf8(int length) => Encoding.UTF8.GetString(ReadBytes(length));

    private string ReadLine()
    {
        var bytes = new List<byte>();
        for (var b = ReadByte(); b != (byte)'\n'; b = ReadByte()) bytes.Add(b);
        return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
    }
}
