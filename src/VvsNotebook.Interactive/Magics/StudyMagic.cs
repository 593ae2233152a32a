using System.CommandLine;
using System.CommandLine.Parsing;
using VvsNotebook.Workflow;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!study NAME [options]</c>: runs one study of <see cref="StudyCatalog"/> (e.g. <c>#!study learning-rules --seeds 0-4</c>)
/// with a live status line; finished networks are read back from the study's <c>--runs-dir</c>, and an interrupt stops
/// at the next batch. Returns the study's result record (its table displays; its rows feed plots).
/// </summary>
/// <remarks>
/// One magic, not one per study, and no subcommands: both hosts see a single directive with one positional argument.
/// Its command declares every study's options (an option name means the same in every study that has it), and the line
/// is then parsed again by the named study's own command, with that study's types and defaults.
/// </remarks>
public sealed class StudyMagic : MagicCommand
{
    private readonly Argument<string?> _study = new("study") { Arity = ArgumentArity.ExactlyOne };
    private readonly Dictionary<string, (IStudyRunOptions Study, Command Command)> _studies = [];

    public override bool NeedsTorch(ParseResult parse) => true;

    public StudyMagic() : base("#!study", "Run a study: " + string.Join("; ", StudyCatalog.All().Select(s => $"{s.Name} ({s.Description})")))
    {
        var studies = StudyCatalog.All();
        _study.Description = "The study: " + string.Join(", ", studies.Select(s => s.Name));
        _study.AcceptOnlyFromAmong(studies.Select(s => s.Name).ToArray());
        AddArgument(_study);
        var declared = new Dictionary<string, (Option Option, List<string> Studies)>();
        foreach (var study in studies)
        {
            var own = new Command(Name);
            study.AddTo(own);
            _studies[study.Name] = (study, own);
            foreach (var option in own.Options)
            {
                if (declared.TryGetValue(option.Name, out var seen)) { seen.Studies.Add(study.Name); continue; }
                declared[option.Name] = (option, [study.Name]);
            }
        }
        foreach (var (option, names) in declared.Values)
            Command.Options.Add(Declaration(option, names.Count == studies.Count ? null : names));
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var name = parse.GetValue(_study)!;
        var (study, own) = _studies[name];
        var parsed = ParseFor(study, own, parse);
        study.Validate(parsed);
        var status = context.Display($"{name} study: starting…");
        return await study.RunAsync(parsed, new LiveProgress(status), context.CancellationToken);
    }

    /// <summary>The line parsed by <paramref name="study"/>'s own options; an option of another study is named as such.</summary>
    private ParseResult ParseFor(IStudyRunOptions study, Command own, ParseResult parse)
    {
        var argument = parse.GetResult(_study)!.Tokens[0];
        var tokens = parse.Tokens.Where(t => !ReferenceEquals(t, argument)).Select(t => t.Value).ToList();
        var outAt = tokens.FindIndex(t => Out!.Name == t || Out.Aliases.Contains(t));
        if (outAt >= 0) tokens.RemoveRange(outAt, Math.Min(2, tokens.Count - outAt));
        var names = own.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        foreach (var token in tokens.Where(t => t.StartsWith("--", StringComparison.Ordinal)).Select(t => t.Split('=')[0]))
            if (!names.Contains(token))
            {
                var owners = _studies.Values.Where(s => s.Command.Options.Any(o => o.Name == token)).Select(s => s.Study.Name).ToList();
                throw new MagicException($"#!study: {token} is not an option of the {study.Name} study" +
                    (owners.Count > 0 ? $"; it belongs to {string.Join(", ", owners)}." : ".") + $" See {Name} -h.");
            }
        var parsed = CommandLineParser.Parse(own, tokens);
        if (parsed.Errors.Count > 0)
            throw new MagicException($"#!study: {study.Name}: {string.Join("; ", ParseErrorText.Of(parsed))} (see {Name} -h)");
        return parsed;
    }

    /// <summary>
    /// The magic's own declaration of a study option: the same name, aliases and arity, no default (each study has its
    /// own), and the studies that take it when not all do. Values are typed and checked by the study's parse.
    /// </summary>
    private static Option Declaration(Option option, IReadOnlyList<string>? studies)
    {
        var description = option.Description + (studies is null ? "" : $" [{string.Join(", ", studies)}]");
        Option declaration = option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool)
            ? new Option<bool>(option.Name, option.Aliases.ToArray()) { Description = description }
            : new Option<string?>(option.Name, option.Aliases.ToArray()) { Description = description, Arity = option.Arity };
        declaration.CompletionSources.Add(context => option.GetCompletions(context));
        return declaration;
    }
}
