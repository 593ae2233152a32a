namespace VvsNotebook.Files;

/// <summary>Writes files through a temporary sibling and a rename, so a failure never leaves a half-written file.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) => Write(path, tmp => File.WriteAllText(tmp, text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, tmp => File.WriteAllBytes(tmp, bytes));

    /// <summary>
    /// Writes through <paramref name="write"/> into a stream on a temporary sibling, flushed to disk before the rename, for
    /// files a crash must find either whole or as they were (checkpoints, run state).
    /// </summary>
    public static void WriteStream(string path, Action<Stream> write) => Write(path, tmp =>
    {
        using var stream = File.Create(tmp);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    /// <summary>
    /// Checks, before any work, that <paramref name="path"/> (named by <paramref name="option"/>, e.g. "--json") can be
    /// written: its folder exists and takes a new file. Throws <see cref="ArgumentException"/> naming the option, the
    /// path and the reason, so an unwritable output fails in a second rather than after hours of compute.
    /// </summary>
    public static void CheckWritable(string path, string option)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full)) throw new ArgumentException($"{option} {path} is a folder; give a file name.");
        if (!Directory.Exists(folder)) throw new ArgumentException($"{option} {path}: the folder {folder} does not exist; create it or choose another path.");
        var probe = Path.Combine(folder, $".{Path.GetFileName(full)}.probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option} {path} cannot be written ({e.Message}); choose another path.", e);
        }
    }

    /// <summary>Runs <paramref name="write"/> on a temporary sibling of <paramref name="path"/>, then renames it into place: the one atomic write of the project.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
