using System.CommandLine;
using VvsNotebook.Data;
using VvsNotebook.Manifests;
using VvsNotebook.Workflow;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!data</c> lists the manifest data files and where each is found; <c>#!data manifest/file --out x</c> resolves
/// one (data dir, cache, or a verified download, with live progress) and loads it: results tables become
/// <see cref="ScoreRecord"/> lists, other files their verified location.
/// </summary>
public sealed class DataMagic : MagicCommand
{
    private readonly Argument<string?> _reference = new("reference")
    {
        Description = "A data file as <manifest-id>/<file-name>, e.g. scaling-primate-vvs/benchmark_scores.csv (omit to list)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _dataDir = SharedOptions.DataDir();

    public DataMagic() : base("#!data", "List the data manifests' files, or resolve and load one")
    {
        _reference.CompletionSources.Add(_ => Checkout.Manifests().Manifests.SelectMany(m => m.Files.Select(f => $"{m.Id}/{f.Name}")));
        AddArgument(_reference);
        Command.Add(_dataDir);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var resolver = DataResolver.FromEnvironment(parse.GetValue(_dataDir));
        var catalog = Checkout.Manifests();
        if (parse.GetValue(_reference) is not { } reference)
            return catalog.Manifests.SelectMany(m => m.Files.Select(f => Row(m, f, resolver))).ToList();

        var (_, file) = catalog.Find(reference);
        var status = context.Display($"Resolving {reference}…");
        var progress = new Progress<long>(bytes => status.Update($"Downloading {reference}: {bytes / 1e6:0.0} MB of {(file.Size ?? 0) / 1e6:0.0} MB"));
        var resolved = await resolver.ResolveAsync(file, progress, context.CancellationToken);
        status.Update($"{reference}: {resolved.Kind} {resolved.Path}");
        var isResultsTable = file.Format == "csv" && ScoreTable.Columns.All(c => file.Columns.Any(k => k.Name == c));
        return isResultsTable ? ScoreTable.Read(resolved.Path) : resolved;
    }

    private static DataFileRow Row(DataManifest manifest, ManifestFile file, DataResolver resolver)
    {
        var where = resolver.Candidates(file).FirstOrDefault(c => File.Exists(c.Path));
        return new DataFileRow($"{manifest.Id}/{file.Name}", file.Format, file.Size, where.Path is null ? "missing" : where.Kind.ToString(), where.Path ?? file.Url ?? "");
    }

    /// <summary>One row of the <c>#!data</c> listing.</summary>
    public sealed record DataFileRow(string Reference, string Format, long? Size, string Found, string Location);
}
