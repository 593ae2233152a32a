using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using VvsNotebook.Files;

namespace VvsNotebook.Figures;

/// <summary>
/// plotly.js for figures: the copy embedded in this assembly (built from environment/node_modules, so it travels
/// with the package and needs no checkout or network), or the file <c>VVS_PLOTLY_JS</c> names.
/// </summary>
public static partial class PlotlyJs
{
    public const string Variable = "VVS_PLOTLY_JS";
    internal const string ResourceName = "VvsNotebook.Figures.plotly.min.js";

    private static readonly Lazy<string> Embedded = new(ReadEmbedded);
    private static (string Path, DateTime Written, string Text)? _override;
    private static readonly Lock OverrideLock = new();

    /// <summary>The script text (VVS_PLOTLY_JS when set, else the embedded copy).</summary>
    public static string Script
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path) return Embedded.Value;
            if (!File.Exists(path)) throw new FileNotFoundException($"{Variable} names {path}, which does not exist.", path);
            lock (OverrideLock)
            {
                var written = File.GetLastWriteTimeUtc(path);
                if (_override is not { } cached || cached.Path != path || cached.Written != written)
                    _override = cached = (path, written, File.ReadAllText(path));
                return cached.Text;
            }
        }
    }

    /// <summary>The version in the script's banner (e.g. <c>3.1.0</c>), else a short hash of its text.</summary>
    public static string Version => VersionOf(Script);

    /// <summary>
    /// The file name a shared copy gets beside standalone pages: versioned, so pages written by a later plotly.js
    /// never overwrite the copy that older pages beside them were drawn with.
    /// </summary>
    public static string FileName => FileNameOf(Script);

    private static string FileNameOf(string script) => $"plotly-{VersionOf(script)}.min.js";

    /// <summary>
    /// Writes the script into <paramref name="directory"/> as <see cref="FileName"/> unless an identical copy is
    /// already there; returns the file name (for a relative <c>src</c>).
    /// </summary>
    public static string WriteInto(string directory)
    {
        var script = Script;
        var name = FileNameOf(script); // one read of the script for both the name and the content
        var path = Path.Combine(directory, name);
        var fresh = !File.Exists(path) || new FileInfo(path).Length != Encoding.UTF8.GetByteCount(script) || File.ReadAllText(path) != script;
        if (fresh) AtomicFile.WriteAllText(path, script);
        return name;
    }

    internal static string VersionOf(string script) =>
        Banner().Match(script.Length > 400 ? script[..400] : script) is { Success: true } m
            ? m.Groups[1].Value
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..12];

    private static string ReadEmbedded()
    {
        using var stream = typeof(PlotlyJs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new FileNotFoundException(
                $"This VvsNotebook build has no embedded plotly.js ({ResourceName}); rebuild after environment/setup.sh, or set {Variable} to a plotly.min.js.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"plotly\.js v(\d+\.\d+\.\d+[\w.-]*)")]
    private static partial Regex Banner();
}
