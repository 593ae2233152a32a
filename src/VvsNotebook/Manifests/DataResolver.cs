namespace VvsNotebook.Manifests;

/// <summary>Where a data file was found.</summary>
public enum DataLocationKind { DataDirectory, Cache, SystemPath, Downloaded }

/// <summary>
/// A resolved data file: its verified path and where it came from, and a <c>Warning</c> when the file is unverified
/// (its manifest pins no hash; the warning is also written to stderr).
/// </summary>
public sealed record ResolvedDataFile(ManifestFile File, string Path, DataLocationKind Kind, string? Warning = null);

/// <summary>What <see cref="DataResolver.Check"/> found for one file, without downloading anything.</summary>
public sealed record DataFileStatus(ManifestFile File, string? Path, DataLocationKind? Kind, IReadOnlyList<FileHash>? Actual)
{
    public bool IsPresent => Path is not null;
    /// <summary>The pinned hashes the present copy contradicts (empty when absent or valid).</summary>
    public IReadOnlyList<HashMismatch> Mismatches => Actual is null ? [] : FileHasher.Mismatches(File, Actual);
    public bool IsValid => Actual is not null && Mismatches.Count == 0;
    /// <summary>Present, but the manifest pins no hash to check it against.</summary>
    public bool IsUnverified => IsPresent && File.Unverified is not null;
}

/// <summary>
/// Finds the files a manifest names: in the data directory, then the download cache, then the system paths a package
/// installs, and finally by downloading into the cache (temporary file, verified, then renamed, so the cache never
/// holds a partial or wrong file). Every pinned hash (sha256, sha1 or both) is checked every time a file is handed out.
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
            if (file.Unverified is not null) return Unverified(new ResolvedDataFile(file, path, kind));
            var wrong = FileHasher.Mismatches(file, await FileHasher.HashAsync(file, path, cancellationToken));
            if (wrong.Count == 0) return new ResolvedDataFile(file, path, kind);
            if (kind == DataLocationKind.Cache)
            {
                // Our own cache: a corrupt copy is replaced by a fresh download below.
                TryDelete(path);
                continue;
            }
            throw new DataFileException(
                $"{file.Name}: {path} has {string.Join("; ", wrong)}. " +
                $"Replace {path} with the pinned version{(file.Url is null ? "" : $" from {file.Url}")}.");
        }
        if (!Options.AllowDownload || file.Url is null)
            throw new DataFileException(NotFoundMessage(file, file.Url is null ? "it cannot be downloaded" : "downloads are disabled"));
        var resolved = new ResolvedDataFile(file, await DownloadAsync(file, progress, cancellationToken), DataLocationKind.Downloaded);
        return file.Unverified is not null ? Unverified(resolved) : resolved;
    }

    private static ResolvedDataFile Unverified(ResolvedDataFile resolved)
    {
        var warning = resolved.File.UnverifiedWarning(resolved.Path)!;
        Console.Error.WriteLine(warning);
        return resolved with { Warning = warning };
    }

    /// <summary>Reports where a file is and whether its bytes match, without downloading.</summary>
    public DataFileStatus Check(ManifestFile file)
    {
        foreach (var (path, kind) in Candidates(file))
            if (File.Exists(path))
                return new DataFileStatus(file, path, kind, file.Unverified is not null ? [] : FileHasher.HashAsync(file, path).GetAwaiter().GetResult());
        return new DataFileStatus(file, null, null, null);
    }

    private async Task<string> DownloadAsync(ManifestFile file, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var target = Combine(Options.CacheDirectory, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tmp = $"{target}.part-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            IReadOnlyList<HashMismatch> wrong;
            var http = Options.Http ?? SharedHttp.Value;
            using (var response = await http.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
                await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
                await using var sink = File.Create(tmp);
                using var hasher = file.Unverified is not null ? null : new FileHasher(file);
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hasher?.Append(buffer.AsSpan(0, read));
                    await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(total += read);
                }
                wrong = hasher is null ? [] : FileHasher.Mismatches(file, hasher.Finish());
            }
            if (wrong.Count > 0)
                throw new DataFileException(
                    $"{file.Name}: the download from {file.Url} has {string.Join("; ", wrong)}; nothing was written to the cache. " +
                    $"Put a copy with the pinned bytes at {PutAt(file)}.");
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
        return $"{file.Name} ({file.HashText}) was not found and {why}. Looked in: {looked}. Put the file at {PutAt(file)}.";
    }

    private string PutAt(ManifestFile file) => Options.DataDirectory is { } d
        ? Combine(d, file.Path)
        : $"<data dir>/{file.Path} and pass --data-dir or set {DataResolverOptions.DataDirectoryVariable}";

    private static string Combine(string root, string relative) =>
        Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
