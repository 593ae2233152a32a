using System.Security.Cryptography;

namespace VvsNotebook.Manifests;

/// <summary>One hash of a file's bytes: the algorithm and its lower-case hex digest.</summary>
public sealed record FileHash(HashAlgorithmName Algorithm, string Hex)
{
    /// <summary>The manifest key, also used in messages: <c>sha256</c> or <c>sha1</c>.</summary>
    public string Name => Algorithm.Name!.ToLowerInvariant();

    public override string ToString() => $"{Name} {Hex}";
}

/// <summary>A pinned hash the bytes did not match.</summary>
public sealed record HashMismatch(string Algorithm, string Expected, string Actual)
{
    public override string ToString() => $"{Algorithm} {Actual}, but the manifest expects {Expected}";
}

/// <summary>
/// Computes every hash a manifest entry pins in a single pass over the bytes (a multi-GB assembly is read once even
/// when it carries both sha256 and sha1), for files on disk and for downloads as they stream.
/// </summary>
public sealed class FileHasher : IDisposable
{
    private readonly (HashAlgorithmName Algorithm, IncrementalHash Hash)[] _hashes;

    public FileHasher(ManifestFile file)
    {
        if (file.Hashes.Count == 0)
            throw new ArgumentException($"{file.Name}: the manifest entry pins no hash (give sha256, sha1 or both).", nameof(file));
        _hashes = file.Hashes.Select(h => (h.Algorithm, IncrementalHash.CreateHash(h.Algorithm))).ToArray();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        foreach (var (_, hash) in _hashes) hash.AppendData(data);
    }

    /// <summary>The digests of the bytes appended so far, in the order of <see cref="ManifestFile.Hashes"/>.</summary>
    public IReadOnlyList<FileHash> Finish() =>
        _hashes.Select(h => new FileHash(h.Algorithm, Convert.ToHexStringLower(h.Hash.GetHashAndReset()))).ToArray();

    /// <summary>Hashes <paramref name="path"/> with every algorithm <paramref name="file"/> pins, reading it once.</summary>
    public static async Task<IReadOnlyList<FileHash>> HashAsync(ManifestFile file, string path, CancellationToken cancellationToken = default)
    {
        using var hasher = new FileHasher(file);
        await using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0) hasher.Append(buffer.AsSpan(0, read));
        return hasher.Finish();
    }

    /// <summary>The pinned hashes of <paramref name="file"/> that <paramref name="actual"/> contradicts; empty when all match.</summary>
    public static IReadOnlyList<HashMismatch> Mismatches(ManifestFile file, IReadOnlyList<FileHash> actual) =>
        file.Hashes.Select(e => (Expected: e, Actual: actual.FirstOrDefault(a => a.Algorithm == e.Algorithm)))
            .Where(p => p.Actual?.Hex != p.Expected.Hex)
            .Select(p => new HashMismatch(p.Expected.Name, p.Expected.Hex, p.Actual?.Hex ?? "(not computed)"))
            .ToArray();

    public void Dispose()
    {
        foreach (var (_, hash) in _hashes) hash.Dispose();
    }
}
