using System.Net;
using System.Security.Cryptography;
using System.Text;
using VvsNotebook.Manifests;

namespace VvsNotebook.Tests.Manifests;

public sealed class DataResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vvs-resolver-").FullName;
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("a,b\n1,2\n");
    private static readonly string PayloadSha = Convert.ToHexStringLower(SHA256.HashData(Payload));
    private static readonly string PayloadSha1 = Convert.ToHexStringLower(SHA1.HashData(Payload));
    private const string OtherSha1 = "13d28ca0ce88ee550b54db3004374ae19096e9b9";

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ManifestFile FileSpec(string? sha = null) => new()
    {
        Name = "t.csv", Path = "toy/t.csv", Url = "https://example.invalid/pinned/t.csv", Sha256 = sha ?? PayloadSha, Format = "csv",
        Columns = [new ManifestColumn("a", "int"), new ManifestColumn("b", "int")],
    };

    private DataResolver Resolver(HttpMessageHandler? handler = null, bool withDataDir = true) => new(new DataResolverOptions
    {
        DataDirectory = withDataDir ? Path.Combine(_root, "data") : null,
        CacheDirectory = Path.Combine(_root, "cache"),
        Http = handler is null ? null : new HttpClient(handler),
    });

    private void Put(string folder, byte[] bytes)
    {
        var p = Path.Combine(_root, folder, "toy", "t.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, bytes);
    }

    [Fact]
    public async Task DataDirectoryCopyWithTheRightHashWinsOverCacheAndDownload()
    {
        Put("data", Payload);
        Put("cache", Payload);
        var handler = new FakeHandler(Payload);
        var r = await Resolver(handler).ResolveAsync(FileSpec());
        Assert.Equal(DataLocationKind.DataDirectory, r.Kind);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task WrongHashInTheDataDirectoryNamesFileActualAndExpectedHash()
    {
        Put("data", Encoding.UTF8.GetBytes("tampered"));
        var e = await Assert.ThrowsAsync<DataFileException>(() => Resolver(new FakeHandler(Payload)).ResolveAsync(FileSpec()));
        Assert.Contains("t.csv", e.Message);
        Assert.Contains(PayloadSha, e.Message);
        Assert.Contains(Path.Combine(_root, "data", "toy", "t.csv"), e.Message);
    }

    [Fact]
    public async Task MissingEverywhereAndOfflineSaysWhereToPutTheFile()
    {
        var e = await Assert.ThrowsAsync<DataFileException>(() => Resolver(new FakeHandler(null)).ResolveAsync(FileSpec()));
        Assert.Contains(PayloadSha, e.Message);
        Assert.Contains("Put the file at " + Path.Combine(_root, "data", "toy", "t.csv"), e.Message);
        Assert.False(File.Exists(Path.Combine(_root, "cache", "toy", "t.csv")));
    }

    [Fact]
    public async Task DownloadLandsInTheCacheVerifiedAndIsReusedWithoutNetwork()
    {
        var handler = new FakeHandler(Payload);
        var first = await Resolver(handler, withDataDir: false).ResolveAsync(FileSpec());
        Assert.Equal(DataLocationKind.Downloaded, first.Kind);
        Assert.Equal(Payload, File.ReadAllBytes(first.Path));
        var second = await Resolver(new FakeHandler(null), withDataDir: false).ResolveAsync(FileSpec());
        Assert.Equal(DataLocationKind.Cache, second.Kind);
        Assert.Equal(1, handler.Calls);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "cache", "toy")));
    }

    [Fact]
    public async Task DownloadWithWrongBytesLeavesNothingInTheCache()
    {
        var e = await Assert.ThrowsAsync<DataFileException>(() =>
            Resolver(new FakeHandler(Encoding.UTF8.GetBytes("evil"))).ResolveAsync(FileSpec()));
        Assert.Contains(PayloadSha, e.Message);
        var cacheDir = Path.Combine(_root, "cache", "toy");
        Assert.Empty(Directory.Exists(cacheDir) ? Directory.GetFiles(cacheDir) : []);
    }

    [Fact]
    public async Task CorruptCacheEntryIsReplacedByAFreshDownload()
    {
        Put("cache", Encoding.UTF8.GetBytes("half"));
        var r = await Resolver(new FakeHandler(Payload), withDataDir: false).ResolveAsync(FileSpec());
        Assert.Equal(DataLocationKind.Downloaded, r.Kind);
        Assert.Equal(Payload, File.ReadAllBytes(r.Path));
    }

    [Fact]
    public async Task SystemPathIsUsedWhenTheDataDirectoryAndCacheLackTheFile()
    {
        var system = Path.Combine(_root, "usr-share-t.csv");
        File.WriteAllBytes(system, Payload);
        var r = await Resolver(new FakeHandler(null)).ResolveAsync(FileSpec() with { SystemPaths = [system] });
        Assert.Equal(DataLocationKind.SystemPath, r.Kind);
        Assert.Equal(system, r.Path);
    }

    /// <summary>A file pinned only by sha1, as BrainIO publishes it.</summary>
    private static ManifestFile Sha1Only(string sha1) => FileSpec() with { Sha256 = null, Sha1 = sha1 };

    [Fact]
    public async Task Sha1OnlyFileVerifiesFromTheDataDirectoryAndFromADownload()
    {
        Put("data", Payload);
        Assert.Equal(DataLocationKind.DataDirectory, (await Resolver(new FakeHandler(null)).ResolveAsync(Sha1Only(PayloadSha1))).Kind);
        var downloaded = await Resolver(new FakeHandler(Payload), withDataDir: false).ResolveAsync(Sha1Only(PayloadSha1));
        Assert.Equal(DataLocationKind.Downloaded, downloaded.Kind);
        Assert.True(Resolver(withDataDir: false).Check(Sha1Only(PayloadSha1)).IsValid);
    }

    [Fact]
    public async Task WrongSha1NamesFileAlgorithmExpectedActualAndWhereToPutIt()
    {
        Put("data", Payload);
        var path = Path.Combine(_root, "data", "toy", "t.csv");
        var e = await Assert.ThrowsAsync<DataFileException>(() => Resolver(new FakeHandler(null)).ResolveAsync(Sha1Only(OtherSha1)));
        Assert.Equal($"t.csv: {path} has sha1 {PayloadSha1}, but the manifest expects {OtherSha1}. " +
                     $"Replace {path} with the pinned version from https://example.invalid/pinned/t.csv.", e.Message);
        var status = Resolver().Check(Sha1Only(OtherSha1));
        Assert.False(status.IsValid);
        Assert.Equal([new HashMismatch("sha1", OtherSha1, PayloadSha1)], status.Mismatches);
        var download = await Assert.ThrowsAsync<DataFileException>(() =>
            Resolver(new FakeHandler(Payload), withDataDir: false).ResolveAsync(Sha1Only(OtherSha1)));
        Assert.Contains($"has sha1 {PayloadSha1}, but the manifest expects {OtherSha1}; nothing was written to the cache", download.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "cache", "toy")));
    }

    [Fact]
    public async Task FileWithBothHashesMustMatchBoth()
    {
        Put("data", Payload);
        var both = FileSpec() with { Sha1 = PayloadSha1 };
        Assert.Equal(2, both.Hashes.Count);
        Assert.Equal(DataLocationKind.DataDirectory, (await Resolver(new FakeHandler(null)).ResolveAsync(both)).Kind);

        var badSha1 = await Assert.ThrowsAsync<DataFileException>(() => Resolver(new FakeHandler(null)).ResolveAsync(both with { Sha1 = OtherSha1 }));
        Assert.Contains($"sha1 {PayloadSha1}, but the manifest expects {OtherSha1}", badSha1.Message);
        Assert.DoesNotContain("sha256", badSha1.Message);

        var otherSha256 = new string('0', 64);
        var badSha256 = await Assert.ThrowsAsync<DataFileException>(() => Resolver(new FakeHandler(null)).ResolveAsync(both with { Sha256 = otherSha256 }));
        Assert.Contains($"sha256 {PayloadSha}, but the manifest expects {otherSha256}", badSha256.Message);
        Assert.DoesNotContain("sha1", badSha256.Message);
    }

    [Fact]
    public async Task FileWithNoHashIsRefused()
    {
        Put("data", Payload);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Resolver().ResolveAsync(FileSpec() with { Sha256 = null }));
        Assert.Contains("pins no hash", e.Message);
    }

    [Fact]
    public void SchemaCheckReportsColumnsMissingFromTheHeader()
    {
        Put("data", Payload);
        var path = Path.Combine(_root, "data", "toy", "t.csv");
        Assert.Empty(ManifestSchema.MissingColumns(FileSpec(), path));
        var wider = FileSpec() with { Columns = [.. FileSpec().Columns, new ManifestColumn("score", "float")] };
        Assert.Equal(["score"], ManifestSchema.MissingColumns(wider, path));
    }

    private sealed class FakeHandler(byte[]? body) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            if (body is null) throw new HttpRequestException("Name or service not known (offline)");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
        }
    }
}
