using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using VvsNotebook.Workflow;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// The magics a host knows, and the one path that runs a magic line: tokenize, parse with System.CommandLine, show
/// help for <c>-h</c>, turn parse errors into a <see cref="MagicException"/>, run, display and bind <c>--out</c>.
/// </summary>
public sealed class MagicRegistry
{
    private readonly Dictionary<string, MagicCommand> _magics = new(StringComparer.Ordinal);

    public IReadOnlyCollection<MagicCommand> Commands => _magics.Values;

    /// <summary>The magics every VvsNotebook host offers.</summary>
    public static MagicRegistry CreateDefault()
    {
        var registry = new MagicRegistry();
        registry.Add(new LsMagicCommand(registry));
        registry.Add(new WhoCommand());
        registry.Add(new DataMagic());
        registry.Add(new FitMagic());
        registry.Add(new TrainMagic());
        registry.Add(new SweepMagic());
        registry.Add(new BenchmarkMagic());
        registry.Add(new StudyMagic());
        return registry;
    }

    public MagicRegistry Add(MagicCommand magic)
    {
        if (!_magics.TryAdd(magic.Name, magic))
            throw new ArgumentException($"A magic named '{magic.Name}' is already registered.", nameof(magic));
        return this;
    }

    public bool TryGet(string name, out MagicCommand magic) => _magics.TryGetValue(name, out magic!);

    /// <summary>Runs one magic line such as <c>#!fit --law power --out fit</c>; returns the magic's result.</summary>
    public Task<object?> RunAsync(string line, IMagicContext context)
    {
        var (name, args) = Split(line);
        return RunAsync(name, args, context);
    }

    /// <summary>
    /// Runs magic <paramref name="name"/> on arguments a host has already split (so a host can drop or rewrite
    /// tokens, e.g. .NET Interactive's explicit name for a positional argument); returns the magic's result.
    /// </summary>
    public async Task<object?> RunAsync(string name, IReadOnlyList<string> args, IMagicContext context)
    {
        if (!TryGet(name, out var magic))
            throw new MagicException($"Unknown magic '{name}'. Known magics: {string.Join(", ", _magics.Keys.Order())} (#!lsmagic lists them).");
        var parse = CommandLineParser.Parse(magic.Command, args);
        if (parse.Action is HelpAction)
        {
            context.Display(magic.HelpText(), "text/plain");
            return null;
        }
        if (parse.Errors.Count > 0)
            throw new MagicException($"{name}: {string.Join("; ", ParseErrorText.Of(parse))} (see {name} -h)");
        if (magic.NeedsTorch(parse)) TorchPackage.Require(name);
        context.CancellationToken.ThrowIfCancellationRequested();
        object? result;
        try { result = await magic.RunAsync(parse, context); }
        catch (Exception e) when (e is not MagicException && Failures.IsExpected(e))
        {
            // Bad input or a refusal (Failures' mapping, the CLI's exit codes 1 and 2) is the user's to fix: its message, no stack trace.
            throw new MagicException($"{name}: {Failures.Message(e)}", e);
        }
        if (result is null) return null;
        if (magic.Out is { } outOption && parse.GetValue(outOption) is { } variable)
            context.Bind(variable, result);
        context.Display(result);
        return result;
    }

    /// <summary>
    /// Completions for a magic line with the cursor at <paramref name="position"/> (an index into
    /// <paramref name="line"/>): magic names, then each magic's options and their values.
    /// </summary>
    public IReadOnlyList<string> Complete(string line, int position, out int replaceStart)
    {
        var before = line[..position];
        var wordStart = before.LastIndexOfAny([' ', '\t']) + 1;
        replaceStart = wordStart;
        var word = before[wordStart..];
        if (wordStart == 0 || !before.TrimStart().Contains(' '))
        {
            replaceStart = before.Length - before.TrimStart().Length;
            var typed = before.TrimStart();
            return _magics.Keys.Where(k => k.StartsWith(typed, StringComparison.Ordinal)).Order().ToList();
        }
        var (name, _) = Split(line);
        if (!TryGet(name, out var magic)) return [];
        var argsStart = line.IndexOf(name, StringComparison.Ordinal) + name.Length;
        var argsText = line[argsStart..].TrimStart();
        var offset = line.Length - argsText.Length;
        var parse = CommandLineParser.Parse(magic.Command, argsText);
        var items = parse.GetCompletions(Math.Max(0, position - offset)).Select(c => c.Label);
        return items.Where(l => l.StartsWith(word, StringComparison.Ordinal)).Distinct().ToList();
    }

    internal static (string Name, string[] Args) Split(string line)
    {
        var tokens = CommandLineParser.SplitCommandLine(line.Trim()).ToArray();
        if (tokens.Length == 0 || !tokens[0].StartsWith("#!", StringComparison.Ordinal))
            throw new MagicException($"A magic line starts with '#!name'. Got '{line.Trim()}'.");
        return (tokens[0], tokens[1..]);
    }
}
