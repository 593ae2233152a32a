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
            Assert.True(status.IsValid, $"{f.Name}: {status.Path} has {status.ActualSha256}, manifest says {f.Sha256}");
            Assert.Empty(ManifestSchema.MissingColumns(f, status.Path!));
        }
        Assert.Equal("3c902d135628cf0a63a537dad7ed2bb5a91738a759819d45a946d129eff06609", m.File("benchmark_scores.csv").Sha256);
    }

    [Fact]
    public void UnknownKeyIsRejectedWithItsLine()
    {
        const string yaml = "id: x\ntitle: t\nlicence: MIT\nsource: {repository: r}\nfiles:\n  - name: a\n    path: a\n    sha: 00\n";
        var e = Assert.Throws<ManifestFormatException>(() => ManifestYaml.Parse(yaml, "bad.yaml"));
        Assert.Contains("bad.yaml line 8", e.Message);
    }

    [Theory]
    [InlineData("sha256: 1234", "not 64 hex digits")]
    [InlineData("sha256: 3c902d135628cf0a63a537dad7ed2bb5a91738a759819d45a946d129eff06609\n    path2: x", "path2")]
    public void MalformedFileEntriesAreRejected(string extra, string expected)
    {
        var yaml = $"id: x\ntitle: t\nlicence: MIT\nsource: {{repository: r}}\nfiles:\n  - name: a\n    path: a/b.csv\n    format: csv\n    {extra}\n";
        var e = Assert.Throws<ManifestFormatException>(() => ManifestYaml.Parse(yaml, "bad.yaml"));
        Assert.Contains(expected, e.Message);
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
