using System.Security.Cryptography;

namespace VvsNotebook.Manifests;

/// <summary>
/// Where a dataset comes from and how to recognise it: an upstream source pinned to a commit, and for each file its
/// place in the data directory, its download URL, its sha256 and/or sha1 and its column schema. Loaded from a YAML file in
/// <c>data-manifests/</c> (format documented in <c>data-manifests/README.md</c>).
/// </summary>
public sealed record DataManifest
{
    /// <summary>Short identifier, also the default folder of the files inside a data directory.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Licence { get; init; }
    public string? Description { get; init; }
    public required ManifestSource Source { get; init; }
    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>The file named <paramref name="name"/> (e.g. <c>benchmark_scores.csv</c>).</summary>
    public ManifestFile File(string name) =>
        Files.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException(
            $"Data manifest '{Id}' has no file '{name}'. Its files: {string.Join(", ", Files.Select(f => f.Name))}.");

    public override string ToString() => $"{Id}: {Title} ({Files.Count} files, {Licence})";
}

/// <summary>The upstream a manifest's files were taken from.</summary>
public sealed record ManifestSource
{
    /// <summary>Human-facing location, e.g. <c>https://github.com/epflneuroailab/scaling-primate-vvs</c>.</summary>
    public required string Repository { get; init; }
    /// <summary>The pinned commit or release; URLs of the files must name it.</summary>
    public string? Commit { get; init; }
    public string? Citation { get; init; }
}

/// <summary>One file of a dataset.</summary>
public sealed record ManifestFile
{
    /// <summary>Name used to ask for the file (unique within its manifest).</summary>
    public required string Name { get; init; }
    /// <summary>Path relative to a data directory or the download cache, forward slashes.</summary>
    public required string Path { get; init; }
    /// <summary>Download URL, pinned to a commit or release so that the bytes never change; null when not downloadable.</summary>
    public string? Url { get; init; }
    /// <summary>Upstream identifier of the object the file holds, e.g. the BrainIO assembly <c>dicarlo.MajajHong2015.public</c>.</summary>
    public string? Identifier { get; init; }
    /// <summary>Lower-case hex sha256 of the exact bytes; null when upstream pins only a sha1.</summary>
    public string? Sha256 { get; init; }
    /// <summary>Lower-case hex sha1 of the exact bytes, as BrainIO's lookup tables publish it; null when not pinned.</summary>
    public string? Sha1 { get; init; }
    /// <summary>
    /// Why no hash is pinned (the upstream publishes none and nobody has checked a copy yet), or null for pinned files.
    /// Such a file is handed out with a loud warning and <c>vvs data verify</c> reports it as UNVERIFIED.
    /// </summary>
    public string? Unverified { get; init; }
    /// <summary>csv, json, idx-gz, npz, ... (informative; csv files get their header checked against the schema).</summary>
    public required string Format { get; init; }
    public long? Size { get; init; }
    public string? Description { get; init; }
    /// <summary>Column schema for tabular files, in file order.</summary>
    public IReadOnlyList<ManifestColumn> Columns { get; init; } = [];
    /// <summary>Absolute paths where a system package (e.g. a Debian package) installs the same bytes.</summary>
    public IReadOnlyList<string> SystemPaths { get; init; } = [];

    /// <summary>The pinned hashes, strongest first; every one is verified whenever the file is handed out.</summary>
    public IReadOnlyList<FileHash> Hashes =>
    [
        .. Sha256 is null ? Array.Empty<FileHash>() : [new FileHash(HashAlgorithmName.SHA256, Sha256)],
        .. Sha1 is null ? Array.Empty<FileHash>() : [new FileHash(HashAlgorithmName.SHA1, Sha1)],
    ];

    /// <summary>The pinned hashes as text, e.g. <c>sha1 13d28ca0...</c>, for messages.</summary>
    public string HashText => Hashes.Count == 0 ? "no pinned hash: unverified" : string.Join(", ", Hashes);

    /// <summary>The warning given whenever an unverified file is handed out; null for pinned files.</summary>
    public string? UnverifiedWarning(string path) => Unverified is null ? null :
        $"WARNING: {Name} at {path} is UNVERIFIED: its manifest pins no hash ({Unverified}). Its bytes were not checked; " +
        $"once you trust a copy, pin it with its sha256 (sha256sum {path}) in the manifest.";
}

/// <summary>One column of a tabular file.</summary>
public sealed record ManifestColumn(string Name, string Type, string? Description = null);
