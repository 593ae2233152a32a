using System.Security.Cryptography;

namespace VvsNotebook.Benchmarks.Public;

/// <summary>
/// One BrainIO file of the paper's public benchmarks (specs/brainscore-metrics.md): its upstream identifier, file
/// name, S3 bucket and version, the legacy URL, and the sha1 BrainIO's lookup table pins.
/// </summary>
public sealed record BrainScoreFile(string Identifier, string Kind, string FileName, string Bucket, string Sha1, string? VersionId, string LegacyUrl)
{
    public string Url => $"https://{Bucket}.s3.amazonaws.com/{FileName}";
}

/// <summary>
/// The BrainIO files behind the five public benchmarks, and where VvsNotebook looks for them: a data directory
/// (<c>--data-dir</c> or <c>VVS_DATA</c>), in its <c>brainscore/</c> folder or at top level. Files are never
/// downloaded implicitly; a found file must match its sha1.
/// </summary>
public static class BrainScoreData
{
    public static BrainScoreFile FreemanZiembaAssembly { get; } = new("movshon.FreemanZiemba2013.public", "assembly",
        "assy_movshon_FreemanZiemba2013_public.nc", "brainio.contrib", "761c08f796db4e342555cdb60eef23a4f19ead43", null,
        "https://brainio.contrib.s3.amazonaws.com/assy_movshon_FreemanZiemba2013_public.nc");
    public static BrainScoreFile FreemanZiembaStimuliCsv { get; } = new("FreemanZiemba2013.aperture-public", "stimuli-csv",
        "stimulus_FreemanZiemba2013_aperture-public.csv", "brainio-brainscore", "194c9b301a4e3e9cff02481d4c19b39331d52660", "vpWysN7O7LyA9k9PBbrawXauOcqf2LoY",
        "https://brainio.contrib.s3.amazonaws.com/image_movshon_FreemanZiemba2013_aperture-public.csv");
    public static BrainScoreFile FreemanZiembaStimuliZip { get; } = new("FreemanZiemba2013.aperture-public", "stimuli-zip",
        "stimulus_FreemanZiemba2013_aperture-public.zip", "brainio-brainscore", "3a6fec1fc28c212882d6833e267ea8654d289611", "BQmourU.zS4hvTXs.LBIi.yVunyjZNE.",
        "https://brainio.contrib.s3.amazonaws.com/image_movshon_FreemanZiemba2013_aperture-public.zip");
    public static BrainScoreFile MajajHongAssembly { get; } = new("dicarlo.MajajHong2015.public", "assembly",
        "assy_dicarlo_MajajHong2015_public.nc", "brainio-brainscore", "13d28ca0ce88ee550b54db3004374ae19096e9b9", "LZWj2qjAwZKdmHdTGftpBPSO6oq.y9Q7",
        "https://brainio.dicarlo.s3.amazonaws.com/assy_dicarlo_MajajHong2015_public.nc");
    public static BrainScoreFile MajajHongStimuliCsv { get; } = new("hvm-public", "stimuli-csv",
        "stimulus_hvm-public.csv", "brainio-brainscore", "5ca7a3da00d8e9c694a9cd725df5ba0ad6d735af", "BnqAVAz2CVAoVf.sG3aNEU5qhtn_CuSq",
        "https://brainio.dicarlo.s3.amazonaws.com/image_dicarlo_hvm-public.csv");
    public static BrainScoreFile MajajHongStimuliZip { get; } = new("hvm-public", "stimuli-zip",
        "stimulus_hvm-public.zip", "brainio-brainscore", "8aa44e038d7b551efa8077467622f9d48d72e473", "_MlCmoGE0XqqeKiat0JJEWJDSOIVMVXm",
        "https://brainio.dicarlo.s3.amazonaws.com/image_dicarlo_hvm-public.zip");
    public static BrainScoreFile RajalinghamAssembly { get; } = new("dicarlo.Rajalingham2018.public", "assembly",
        "assy_dicarlo_Rajalingham2018_public.nc", "brainio-brainscore", "34c6a8b6f7c523589c1861e4123232e5f7c7df4c", "WEBNb7Azz4CWpzO25JanNjdPSLArltS2",
        "https://brainio.dicarlo.s3.amazonaws.com/assy_dicarlo_Rajalingham2018_public.nc");
    public static BrainScoreFile RajalinghamStimuliCsv { get; } = new("objectome.public", "stimuli-csv",
        "stimulus_objectome_public.csv", "brainio-brainscore", "47884e17106a3be471d6481279cab33889b80850", "CwFzXLOclwodJZpInD6hc15yeTOywg6J",
        "https://brainio.dicarlo.s3.amazonaws.com/image_dicarlo_objectome_public.csv");
    public static BrainScoreFile RajalinghamStimuliZip { get; } = new("objectome.public", "stimuli-zip",
        "stimulus_objectome_public.zip", "brainio-brainscore", "064f2955f98e63867755fee2e3ead8cddf6bfab8", "g.vVSa77K84jjeto5KAryLESzxJz0yUB",
        "https://brainio.dicarlo.s3.amazonaws.com/image_dicarlo_objectome_public.zip");

    public static IReadOnlyList<BrainScoreFile> All { get; } =
    [
        FreemanZiembaAssembly, FreemanZiembaStimuliCsv, FreemanZiembaStimuliZip, MajajHongAssembly, MajajHongStimuliCsv,
        MajajHongStimuliZip, RajalinghamAssembly, RajalinghamStimuliCsv, RajalinghamStimuliZip,
    ];

    /// <summary>The data directory: <paramref name="dataDir"/>, else <c>VVS_DATA</c>.</summary>
    public static string DataDirectory(string? dataDir) =>
        dataDir ?? Environment.GetEnvironmentVariable("VVS_DATA")
        ?? throw new ArgumentException("No data directory: pass --data-dir or set VVS_DATA to the folder holding the Brain-Score files.");

    /// <summary>The verified path of <paramref name="file"/> in the data directory.</summary>
    public static string Resolve(BrainScoreFile file, string dataDir)
    {
        var candidates = new[] { Path.Combine(dataDir, "brainscore", file.FileName), Path.Combine(dataDir, file.FileName) };
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"Brain-Score file {file.FileName} ({file.Identifier}, sha1 {file.Sha1}) is not in {string.Join(" or ", candidates)}. " +
                $"Download it from {file.Url}{(file.VersionId is null ? "" : $" (version {file.VersionId})")}{(file.LegacyUrl == file.Url ? "" : $" or {file.LegacyUrl}")} and place it there.");
        var actual = Sha1Of(found);
        if (actual != file.Sha1)
            throw new InvalidDataException($"{found} has sha1 {actual}, but BrainIO pins {file.Sha1} for {file.Identifier}: the file is corrupt or a different version.");
        return found;
    }

    public static string Sha1Of(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA1.HashData(s));
    }
}
