using System.Buffers.Binary;
using System.IO.Compression;

namespace VvsNotebook.Stimuli;

/// <summary>A decoded image: RGB, row-major, values in [0, 1].</summary>
public sealed record RgbImage(int Width, int Height, float[] Rgb);

/// <summary>
/// Decodes PNG files (the format of Brain-Score's stimulus sets): non-interlaced, 8 or 16 bits per sample, grey,
/// grey+alpha, RGB, RGBA or 8-bit palette. Alpha is dropped, as PIL's <c>convert('RGB')</c> does.
/// </summary>
public static class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static RgbImage Decode(byte[] bytes, string source = "<png>")
    {
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Signature))
            throw new InvalidDataException($"{source} is not a PNG image (only PNG stimuli are supported).");
        int width = 0, height = 0, depth = 0, color = -1;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        for (var pos = 8; pos + 8 <= bytes.Length;)
        {
            var len = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            if (len < 0 || pos + 12 + len > bytes.Length) throw new InvalidDataException($"{source}: truncated PNG chunk '{type}'.");
            var data = bytes.AsSpan(pos + 8, len);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data); height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8]; color = data[9];
                    if (data[12] != 0) throw new InvalidDataException($"{source}: interlaced PNGs are not supported.");
                    if (depth != 8 && depth != 16) throw new InvalidDataException($"{source}: PNG bit depth {depth} is not supported (8 or 16).");
                    break;
                case "PLTE": palette = data.ToArray(); break;
                case "IDAT": idat.Write(data); break;
                case "IEND": pos = bytes.Length; continue;
            }
            pos += 12 + len;
        }
        var channels = color switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidDataException($"{source}: PNG colour type {color} is not supported.") };
        if (color == 3 && (palette is null || depth != 8)) throw new InvalidDataException($"{source}: palette PNG without an 8-bit palette.");
        var bpp = channels * depth / 8; var stride = width * bpp;
        var raw = new byte[(long)height * (stride + 1)];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            try { z.ReadExactly(raw); }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException) { throw new InvalidDataException($"{source}: corrupt PNG image data.", e); }
        }
        var cur = new byte[stride]; var prev = new byte[stride];
        var rgb = new float[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, cur, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                cur[i] = filter switch
                {
                    0 => cur[i], 1 => (byte)(cur[i] + a), 2 => (byte)(cur[i] + b), 3 => (byte)(cur[i] + (a + b) / 2),
                    4 => (byte)(cur[i] + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"{source}: bad PNG filter {filter} on row {y}."),
                };
            }
            for (var x = 0; x < width; x++)
            {
                float S(int ch) => depth == 8 ? cur[x * bpp + ch] / 255f : ((cur[x * bpp + 2 * ch] << 8) | cur[x * bpp + 2 * ch + 1]) / 65535f;
                var o = (y * width + x) * 3;
                if (color == 3) { var k = cur[x]; rgb[o] = palette![3 * k] / 255f; rgb[o + 1] = palette[3 * k + 1] / 255f; rgb[o + 2] = palette[3 * k + 2] / 255f; }
                else if (channels <= 2) rgb[o] = rgb[o + 1] = rgb[o + 2] = S(0);
                else { rgb[o] = S(0); rgb[o + 1] = S(1); rgb[o + 2] = S(2); }
            }
            (cur, prev) = (prev, cur);
        }
        return new RgbImage(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Encodes an 8-bit RGB PNG (filter 0), for fixtures and exports.</summary>
    public static byte[] EncodeRgb(RgbImage image)
    {
        using var ms = new MemoryStream();
        ms.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width); BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), image.Height);
        ihdr[8] = 8; ihdr[9] = 2;
        Chunk(ms, "IHDR", ihdr);
        using var zData = new MemoryStream();
        using (var z = new ZLibStream(zData, CompressionLevel.Fastest, leaveOpen: true))
            for (var y = 0; y < image.Height; y++)
            {
                z.WriteByte(0);
                for (var x = 0; x < image.Width * 3; x++) z.WriteByte((byte)Math.Round(Math.Clamp(image.Rgb[y * image.Width * 3 + x], 0, 1) * 255));
            }
        Chunk(ms, "IDAT", zData.ToArray());
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(typed));
        s.Write(len);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
