using System.CommandLine;
using VvsNotebook.Manifests;
using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs data list|verify|path</c>: the data manifests and where their files are.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Data manifests: list them, verify local copies, resolve (download) a file.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(PathOf());
        return command;
    }

    private static Command List()
    {
        var dataDir = SharedOptions.DataDir();
        var command = new Command("list", "List the manifests and their files with where each is found (no download).") { dataDir };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var resolver = DataResolver.FromEnvironment(parse.GetValue(dataDir));
            foreach (var m in Checkout.Manifests().Manifests)
            {
                Console.WriteLine($"{m.Id}  {m.Title}  [{m.Licence}; {m.Source.Repository}{(m.Source.Commit is null ? "" : "@" + m.Source.Commit)}]");
                foreach (var f in m.Files)
                {
                    var where = resolver.Candidates(f).FirstOrDefault(c => File.Exists(c.Path));
                    Console.WriteLine($"  {f.Name,-34} {(where.Path is null ? "missing" : $"{where.Kind}: {where.Path}")}");
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command Verify()
    {
        var dataDir = SharedOptions.DataDir();
        var id = new Argument<string?>("manifest") { Description = "Manifest id (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("verify", "Check the pinned hashes (sha256/sha1) and CSV header of every file present locally; exit 1 on a problem.") { id, dataDir };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var resolver = DataResolver.FromEnvironment(parse.GetValue(dataDir));
            var catalog = Checkout.Manifests();
            var manifests = parse.GetValue(id) is { } one ? [catalog[one]] : catalog.Manifests;
            var bad = 0;
            foreach (var m in manifests)
            foreach (var f in m.Files)
            {
                var s = resolver.Check(f);
                string line;
                if (!s.IsPresent) line = "missing (not an error; `vvs data path` downloads it)";
                else if (!s.IsValid) { bad++; line = $"WRONG {string.Join("; ", s.Mismatches)}: {s.Path}"; }
                else if (s.IsUnverified) line = $"UNVERIFIED (no pinned hash: {f.Unverified}) {s.Path}";
                else if (ManifestSchema.MissingColumns(f, s.Path!) is { Count: > 0 } missing)
                { bad++; line = $"hashes ok but columns missing: {string.Join(", ", missing)}: {s.Path}"; }
                else line = $"ok ({s.Kind}) {s.Path}";
                Console.WriteLine($"{m.Id}/{f.Name}: {line}");
            }
            return bad == 0 ? 0 : 1;
        }));
        return command;
    }

    private static Command PathOf()
    {
        var dataDir = SharedOptions.DataDir();
        var reference = new Argument<string>("file") { Description = "<manifest-id>/<file-name>, e.g. scaling-primate-vvs/benchmark_scores.csv" };
        var offline = new Option<bool>("--offline") { Description = "Never download." };
        var command = new Command("path", "Resolve a file (downloading it into the cache if needed) and print its path.") { reference, dataDir, offline };
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var (_, file) = Checkout.Manifests().Find(parse.GetValue(reference)!);
            var options = DataResolverOptions.FromEnvironment(parse.GetValue(dataDir)) with { AllowDownload = !parse.GetValue(offline) };
            var resolved = await new DataResolver(options).ResolveAsync(file, null, ct);
            Console.WriteLine(resolved.Path);
            return 0;
        }));
        return command;
    }
}
