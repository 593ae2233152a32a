namespace VvsNotebook.Kernel.Scripting;

/// <summary>Jupyter counts cursor positions in Unicode code points; .NET strings index UTF-16 units.</summary>
public static class TextPositions
{
    public static int ToUtf16(string text, int codePoints)
    {
        var index = 0;
        for (var n = 0; n < codePoints && index < text.Length; n++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        return index;
    }

    public static int ToCodePoints(string text, int utf16)
    {
        var count = 0;
        for (var i = 0; i < utf16 && i < text.Length; i++)
            if (!char.IsLowSurrogate(text[i])) count++;
        return count;
    }
}
