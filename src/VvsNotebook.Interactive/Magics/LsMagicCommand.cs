using System.CommandLine;

namespace VvsNotebook.Interactive.Magics;

/// <summary><c>#!lsmagic</c>: the magics this host knows, with their descriptions.</summary>
public sealed class LsMagicCommand(MagicRegistry registry) : MagicCommand("#!lsmagic", "List the available magic commands", hasOutput: false)
{
    public override Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var rows = registry.Commands.OrderBy(m => m.Name).Select(m => new MagicSummary(m.Name, m.Description)).ToList();
        context.Display(rows);
        return Task.FromResult<object?>(null);
    }

    /// <summary>One row of the <c>#!lsmagic</c> table.</summary>
    public sealed record MagicSummary(string Magic, string Description);
}
