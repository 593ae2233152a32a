using System.Buffers.Binary;
using System.Text;

namespace VvsNotebook.Training.Runtime;

/// <summary>
/// The GNU symbol-version tables of a 64-bit little-endian ELF shared library: the versions it needs from each
/// library (<c>.gnu.version_r</c>), the versions it defines (<c>.gnu.version_d</c>), and which dynamic symbols
/// are bound to a needed version. Just enough ELF to check and fix a library's libstdc++ requirements.
/// </summary>
public sealed class ElfSymbolVersions
{
    private const uint ShtDynsym = 11, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    /// <summary>VER_FLG_WEAK: a missing version is a warning, not a load failure (glibc's _dl_check_map_versions).</summary>
    public const ushort WeakFlag = 0x2;

    private readonly byte[] _image;
    private readonly List<NeededVersion> _needed = [];
    private readonly List<string> _defined = [];
    private readonly List<(string Name, ushort Version)> _symbols = [];

    /// <summary>One version a library requires: from <see cref="Library"/>, with its flags and the offset of its flags field.</summary>
    public sealed record NeededVersion(string Library, string Version, ushort Flags, ushort Index, int FlagsOffset)
    {
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    private ElfSymbolVersions(byte[] image, string source)
    {
        _image = image;
        if (image.Length < 64 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F')
            throw new InvalidDataException($"{source} is not an ELF file.");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException($"{source} is not a 64-bit little-endian ELF file.");
        var sectionOffset = checked((int)U64(0x28));
        int entrySize = U16(0x3a), count = U16(0x3c);
        var sections = Enumerable.Range(0, count).Select(i => Section.Read(this, sectionOffset + i * entrySize)).ToArray();
        foreach (var s in sections)
        {
            switch (s.Type)
            {
                case ShtGnuVerneed: ReadNeeded(s, sections[s.Link]); break;
                case ShtGnuVerdef: ReadDefined(s, sections[s.Link]); break;
            }
        }
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (dynsym is not null && versym is not null)
        {
            var strings = sections[dynsym.Link];
            var symbols = (int)(dynsym.Size / 24);
            for (var i = 0; i < symbols; i++)
            {
                var name = CString(strings.Offset + U32(dynsym.Offset + i * 24));
                _symbols.Add((name, (ushort)(U16(versym.Offset + i * 2) & 0x7fff)));
            }
        }
    }

    public static ElfSymbolVersions Read(string path) => new(File.ReadAllBytes(path), path);

    public static ElfSymbolVersions Parse(byte[] image, string source = "image") => new((byte[])image.Clone(), source);

    /// <summary>Every version this library needs, per library it needs it from.</summary>
    public IReadOnlyList<NeededVersion> Needed => _needed;

    /// <summary>Versions this library defines (e.g. GLIBCXX_3.4.30 for GCC 12's libstdc++); its own soname comes first.</summary>
    public IReadOnlyList<string> Defined => _defined;

    /// <summary>Names of the dynamic symbols bound to the needed version with index <paramref name="index"/>.</summary>
    public IReadOnlyList<string> SymbolsBoundTo(ushort index) => _symbols.Where(s => s.Version == index).Select(s => s.Name).ToList();

    /// <summary>A copy of the library in which the listed needed versions are weak; everything else is byte-identical.</summary>
    public byte[] WithWeakVersions(IEnumerable<NeededVersion> versions)
    {
        var copy = (byte[])_image.Clone();
        foreach (var v in versions)
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(v.FlagsOffset), (ushort)(v.Flags | WeakFlag));
        return copy;
    }

    private void ReadNeeded(Section section, Section strings)
    {
        var entry = section.Offset;
        for (var i = 0; i < section.Info; i++)
        {
            int count = U16(entry + 2), auxOffset = (int)U32(entry + 8), next = (int)U32(entry + 12);
            var library = CString(strings.Offset + U32(entry + 4));
            var aux = entry + auxOffset;
            for (var j = 0; j < count; j++)
            {
                _needed.Add(new NeededVersion(library, CString(strings.Offset + U32(aux + 8)), U16(aux + 4), U16(aux + 6), checked((int)(aux + 4))));
                aux += (int)U32(aux + 12);
            }
            if (next == 0) break;
            entry += next;
        }
    }

    private void ReadDefined(Section section, Section strings)
    {
        var entry = section.Offset;
        for (var i = 0; i < section.Info; i++)
        {
            int auxOffset = (int)U32(entry + 12), next = (int)U32(entry + 16);
            _defined.Add(CString(strings.Offset + U32(entry + auxOffset)));
            if (next == 0) break;
            entry += next;
        }
    }

    private ushort U16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(_image.AsSpan(checked((int)offset)));
    private uint U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(_image.AsSpan(checked((int)offset)));
    private ulong U64(long offset) => BinaryPrimitives.ReadUInt64LittleEndian(_image.AsSpan(checked((int)offset)));

    private string CString(long offset)
    {
        var start = checked((int)offset);
        var end = Array.IndexOf(_image, (byte)0, start);
        return Encoding.ASCII.GetString(_image, start, (end < 0 ? _image.Length : end) - start);
    }

    private sealed record Section(uint Type, long Offset, long Size, int Link, long Info)
    {
        public static Section Read(ElfSymbolVersions elf, int at) =>
            new(elf.U32(at + 4), checked((long)elf.U64(at + 24)), checked((long)elf.U64(at + 32)), (int)elf.U32(at + 40), elf.U32(at + 44));
    }
}
