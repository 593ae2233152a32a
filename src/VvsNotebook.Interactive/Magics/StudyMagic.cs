using System.CommandLine;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!study learning-rules --rules bp,fa,pc,stdp,untrained --seeds 0-4</c>: the seed-003 learning-rule study, with a
/// live line per network; finished networks are read back from <c>--out</c>, and an interrupt stops at the next batch.
/// Returns the <see cref="LearningRuleStudyResult"/> (its table displays; its rows feed plots).
/// </summary>
public sealed class StudyMagic : MagicCommand
{
    private readonly LearningRuleStudyRunOptions _options = new();
    private readonly Argument<string?> _study = new("study") { Description = "The study: learning-rules", Arity = ArgumentArity.ExactlyOne };

    public StudyMagic() : base("#!study", "Run a study: learning-rules (seed 003: BP, FA, PC, STDP, untrained against brain ROIs by RSA)")
    {
        _study.AcceptOnlyFromAmong("learning-rules");
        AddArgument(_study);
        _options.AddTo(Command);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        try { _options.Options(parse); }
        catch (ArgumentException e) { throw new MagicException($"#!study: {e.Message}"); }
        var status = context.Display("learning-rule study: starting…");
        var progress = new ThrottledProgress<StudyProgress>(p => status.Update(p.ToString()), intervalMs: 250);
        var result = await Task.Run(() => _options.Run(parse, progress, context.CancellationToken), context.CancellationToken);
        status.Update($"learning-rule study: {result.TrainedRuns} networks in {result.Seconds:F0} s");
        return result;
    }
}
