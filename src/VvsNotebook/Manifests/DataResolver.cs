using System.Security.Cryptography;

namespace VvsNotebook.Manifests;

/// <summary>Where a data file was found.</summary>
public enum DataLocationKind { DataDirectory, Cache, SystemPath, Downloaded }

/// <summary>A resolved data file: its verified path and where it came from.</summary>
public sealed record ResolvedDataFile(ManifestFile File, string Path, DataLocationKind Kind);

/// <summary>What <see cref="DataResolver.Check"/> found for one file, without downloading anything.</summary>
public sealed record DataFileStatus(ManifestFile File, string? Path, DataLocationKind? Kind, string? ActualSha256)
{
    public bool IsPresent => Path is not null;
    public bool IsValid => ActualSha256 == File.Sha256;
}

/// <summary>
/// Finds the files a manifest names: in the data directory, then the download cache, then the system paths a package
/// installs, and finally by downloading into the cache (temporary file, verified, then renamed, so the cache never
/// holds a partial or wrong file). The sha256 is checked every time a file is handed out.
/// </summary>
public sealed class DataResolver(DataResolverOptions options)
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });

    public DataResolverOptions Options { get; } = options;

    /// <summary>A resolver for an explicit data directory (e.g. <c>--data-dir</c>), else <c>VVS_DATA</c>.</summary>
    public static DataResolver FromEnvironment(string? dataDirectory = null) => new(DataResolverOptions.FromEnvironment(dataDirectory));

    /// <summary>Candidate locations of a file, in search order (download excluded).</summary>
    public IEnumerable<(string Path, DataLocationKind Kind)> Candidates(ManifestFile file)
    {
        if (Options.DataDirectory is { } data) yield return (Combine(data, file.Path), DataLocationKind.DataDirectory);
        yield return (Combine(Options.CacheDirectory, file.Path), DataLocationKind.Cache);
        foreach (var p in file.SystemPaths) yield return (p, DataLocationKind.SystemPath);
    }

    /// <summary>Path of a verified copy of <paramref name="fileName"/> from <paramref name="manifest"/>, downloading if needed.</summary>
    public string Resolve(DataManifest manifest, string fileName, CancellationToken cancellationToken = default) =>
        ResolveAsync(manifest.File(fileName), null, cancellationToken).GetAwaiter().GetResult().Path;

    /// <summary>Finds or downloads <paramref name="file"/>; progress reports downloaded bytes.</summary>
    public async Task<ResolvedDataFile> ResolveAsync(ManifestFile file, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        foreach (var (path, kind) in Candidates(file))
        {
            if (!File.Exists(path)) continue;
            var actual = await Sha256Async(path, cancellationToken);
            if (actual == file.Sha256) return new ResolvedDataFile(file, path, kind);
            if (kind == DataLocationKind.Cache)
            {
                // Our own cache: a corrupt copy is replaced by a fresh download below.
                TryDelete(path);
                continue;
            }
            throw new DataFileException(
                $"{file.Name}: {path} has sha256 {actual}, but the manifest expects {file.Sha256}. " +
                $"Replace it with the pinned version{(file.Url is null ? "" : $" from {file.Url}")}.");
        }
        if (!Options.AllowDownload || file.Url is null)
            throw new DataFileException(NotFoundMessage(file, file.Url is null ? "it cannot be downloaded" : "downloads are disabled"));
        return new ResolvedDataFile(file, await DownloadAsync(file, progress, cancellationToken), DataLocationKind.Downloaded);
    }

    /// <summary>Reports where a file is and whether its bytes match, without downloading.</summary>
    public DataFileStatus Check(ManifestFile file)
    {
        foreach (var (path, kind) in Candidates(file))
            if (File.Exists(path))
                return new DataFileStatus(file, path, kind, Sha256Async(path, default).GetAwaiter().GetResult());
        return new DataFileStatus(file, null, null, null);
    }

    /// <summary>Lower-case hex sha256 of a file.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private async Task<string> DownloadAsync(ManifestFile file, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var target = Combine(Options.CacheDirectory, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tmp = $"{target}.part-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            string actual;
            var http = Options.Http ?? SharedHttp.Value;
            using (var response = await http.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
                await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
                await using var sink = File.Create(tmp);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(total += read);
                }
                actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            }
            if (actual != file.Sha256)
                throw new DataFileException(
                    $"{file.Name}: the download from {file.Url} has sha256 {actual}, but the manifest expects {file.Sha256}; " +
                    "nothing was written to the cache.");
            File.Move(tmp, target, overwrite: true);
            return target;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
        {
            throw new DataFileException(NotFoundMessage(file, $"downloading {file.Url} failed ({e.Message})"), e);
        }
        finally
        {
            TryDelete(tmp);
        }
    }

    private string NotFoundMessage(ManifestFile file, string why)
    {
        var looked = string.Join(", ", Candidates(file).Select(c => c.Path));
        var put = Options.DataDirectory is { } d
            ? Combine(d, file.Path)
            : $"<data dir>/{file.Path} and pass --data-dir or set {DataResolverOptions.DataDirectoryVariable}";
        return $"{file.Name} (sha256 {file.Sha256}) was not found and {why}. Looked in: {looked}. Put the file at {put}.";
    }

    private static string Combine(string root, string relative) =>
        Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
