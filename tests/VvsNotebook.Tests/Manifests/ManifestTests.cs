using VvsNotebook.Benchmarks.Public;
using VvsNotebook.Manifests;

namespace VvsNotebook.Tests.Manifests;

public class ManifestTests
{
    [Fact]
    public void EmbeddedPaperManifestMatchesTheReleasedFilesByteForByte()
    {
        var m = ManifestCatalog.Embedded["scaling-primate-vvs"];
        Assert.Equal("e76f924", m.Source.Commit);
        var resolver = new DataResolver(new DataResolverOptions
        {
            DataDirectory = TestData.DataDirectory, CacheDirectory = Path.Combine(Path.GetTempPath(), "vvs-none"), AllowDownload = false,
        });
        foreach (var f in m.Files)
        {
            Assert.Contains("/e76f924/", f.Url);
            var status = resolver.Check(f);
            Assert.True(status.IsValid, $"{f.Name}: {status.Path}: {string.Join("; ", status.Mismatches)}");
            Assert.Empty(ManifestSchema.MissingColumns(f, status.Path!));
        }
        Assert.Equal("3c902d135628cf0a63a537dad7ed2bb5a91738a759819d45a946d129eff06609", m.File("benchmark_scores.csv").Sha256);
    }

    [Fact]
    public void UnknownKeyIsRejectedWithItsLine()
    {
        const string yaml = "id: x\ntitle: t\nlicence: MIT\nsource: {repository: r}\nfiles:\n  - name: a\n    path: a\n    sha: 00\n";
        var e = Assert.Throws<ManifestFormatException>(() => ManifestYaml.Parse(yaml, "bad.yaml"));
        Assert.StartsWith("bad.yaml, line 8, column 5: unknown key 'sha'", e.Message);
    }

    [Theory]
    [InlineData("sha256: 1234", "not 64 hex digits")]
    [InlineData("sha1: 3c902d135628cf0a63a537dad7ed2bb5a91738a759819d45a946d129eff06609", "sha1 '3c902d13")]
    [InlineData("sha1: 13d28ca0ce88ee550b54db3004374ae19096e9bz", "not 40 hex digits")]
    [InlineData("identifier: dicarlo.MajajHong2015.public", "at least one hash is required")]
    [InlineData("sha256: 3c902d135628cf0a63a537dad7ed2bb5a91738a759819d45a946d129eff06609\n    path2: x", "path2")]
    public void MalformedFileEntriesAreRejected(string extra, string expected)
    {
        var yaml = $"id: x\ntitle: t\nlicence: MIT\nsource: {{repository: r}}\nfiles:\n  - name: a\n    path: a/b.csv\n    format: csv\n    {extra}\n";
        var e = Assert.Throws<ManifestFormatException>(() => ManifestYaml.Parse(yaml, "bad.yaml"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Sha1AndIdentifierAreReadAlongsideOrInsteadOfSha256()
    {
        const string head = "id: x\ntitle: t\nlicence: MIT\nsource: {repository: r}\nfiles:\n  - name: a.nc\n    path: x/a.nc\n    format: netcdf4\n" +
                            "    identifier: dicarlo.MajajHong2015.public\n    sha1: 13D28CA0CE88EE550B54DB3004374AE19096E9B9\n";
        var sha1Only = ManifestYaml.Parse(head).File("a.nc");
        Assert.Equal(("dicarlo.MajajHong2015.public", "13d28ca0ce88ee550b54db3004374ae19096e9b9", (string?)null),
            (sha1Only.Identifier, sha1Only.Sha1, sha1Only.Sha256));
        Assert.Equal("sha1 13d28ca0ce88ee550b54db3004374ae19096e9b9", sha1Only.HashText);
        var both = ManifestYaml.Parse(head + "    sha256: 3c902d135628cf0a63a537dad7ed2bb5a91738a759819d45a946d129eff06609\n").File("a.nc");
        Assert.Equal(["sha256", "sha1"], both.Hashes.Select(h => h.Name));
    }

    [Fact]
    public void BrainScoreManifestsListEveryFileOfTheFivePublicBenchmarksWithTheSpecsSha1()
    {
        // sha1 and identifiers from specs/brainscore-metrics.md sections 4-6 (BrainIO lookup, Brain-Score vision 4e0ca0ce).
        var expected = new Dictionary<string, (string Identifier, string Sha1)>
        {
            ["assy_movshon_FreemanZiemba2013_public.nc"] = ("movshon.FreemanZiemba2013.public", "761c08f796db4e342555cdb60eef23a4f19ead43"),
            ["stimulus_FreemanZiemba2013_aperture-public.csv"] = ("FreemanZiemba2013.aperture-public", "194c9b301a4e3e9cff02481d4c19b39331d52660"),
            ["stimulus_FreemanZiemba2013_aperture-public.zip"] = ("FreemanZiemba2013.aperture-public", "3a6fec1fc28c212882d6833e267ea8654d289611"),
            ["assy_dicarlo_MajajHong2015_public.nc"] = ("dicarlo.MajajHong2015.public", "13d28ca0ce88ee550b54db3004374ae19096e9b9"),
            ["stimulus_hvm-public.csv"] = ("hvm-public", "5ca7a3da00d8e9c694a9cd725df5ba0ad6d735af"),
            ["stimulus_hvm-public.zip"] = ("hvm-public", "8aa44e038d7b551efa8077467622f9d48d72e473"),
            ["assy_dicarlo_Rajalingham2018_public.nc"] = ("dicarlo.Rajalingham2018.public", "34c6a8b6f7c523589c1861e4123232e5f7c7df4c"),
            ["stimulus_objectome_public.csv"] = ("objectome.public", "47884e17106a3be471d6481279cab33889b80850"),
            ["stimulus_objectome_public.zip"] = ("objectome.public", "064f2955f98e63867755fee2e3ead8cddf6bfab8"),
        };
        var brainscore = ManifestCatalog.Embedded.Manifests.Where(m => m.Id.StartsWith("brainscore-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["brainscore-freemanziemba2013", "brainscore-majajhong2015", "brainscore-rajalingham2018"], brainscore.Select(m => m.Id));
        var files = brainscore.SelectMany(m => m.Files).ToArray();
        Assert.Equal(expected.Keys.Order(), files.Select(f => f.Name).Order());
        Assert.All(files, f =>
        {
            Assert.Equal(expected[f.Name], (f.Identifier, f.Sha1));
            Assert.Equal("brainscore/" + f.Name, f.Path);
            Assert.StartsWith("https://", f.Url);
            Assert.Contains(".s3.amazonaws.com/" + f.Name, f.Url);
        });

        Assert.Equal(5, PublicBenchmarks.ManifestIds.Count);
        foreach (var benchmark in PublicBenchmarks.ManifestIds.Keys)
        {
            var (assembly, csv, zip) = PublicBenchmarks.DataFiles(benchmark);
            Assert.Equal(("netcdf4", "csv", "zip"), (assembly.Format, csv.Format, zip.Format));
            Assert.Equal(csv.Identifier, zip.Identifier);
        }
        Assert.Equal("assy_dicarlo_MajajHong2015_public.nc", PublicBenchmarks.DataFiles("dicarlo.MajajHong2015public.IT-pls").Assembly.Name);
        Assert.Throws<KeyNotFoundException>(() => PublicBenchmarks.DataFiles("dicarlo.MajajHong2015public.V1-pls"));
    }

    [Fact]
    public void PathsThatEscapeTheDataDirectoryAreRejected()
    {
        var yaml = "id: x\ntitle: t\nlicence: MIT\nsource: {repository: r}\nfiles:\n  - name: a\n    path: ../etc/passwd\n    format: csv\n" +
                   "    sha256: 3c902d135628cf0a63a537dad7ed2bb5a91738a759819d45a946d129eff06609\n";
        Assert.Contains("inside the data directory", Assert.Throws<ManifestFormatException>(() => ManifestYaml.Parse(yaml)).Message);
    }

    [Fact]
    public void FindResolvesManifestSlashFileReferences()
    {
        var (m, f) = ManifestCatalog.Embedded.Find("scaling-primate-vvs/benchmark_scores.csv");
        Assert.Equal("scaling-primate-vvs", m.Id);
        Assert.Equal("scaling-primate-vvs/benchmark_scores.csv", f.Path);
        Assert.Throws<KeyNotFoundException>(() => ManifestCatalog.Embedded.Find("nope/x.csv"));
    }
}
