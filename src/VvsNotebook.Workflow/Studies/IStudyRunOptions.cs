using System.CommandLine;
using VvsNotebook.Progress;

namespace VvsNotebook.Workflow;

/// <summary>
/// A study that <c>#!study NAME</c> and <c>vvs study NAME</c> both run: its options (with its own defaults), their
/// checks, and the run itself. Register an implementation in <see cref="StudyCatalog.All"/>.
/// </summary>
public interface IStudyRunOptions
{
    /// <summary>The study's name on the command line, e.g. <c>learning-rules</c>.</summary>
    string Name { get; }

    /// <summary>One line: what the study trains and how it scores (seed paper named).</summary>
    string Description { get; }

    /// <summary>Adds the study's options to <paramref name="command"/>.</summary>
    void AddTo(Command command);

    /// <summary>Checks every option before anything is read or trained; throws <see cref="ArgumentException"/> naming the option and the fix.</summary>
    void Validate(ParseResult parse);

    /// <summary>
    /// Runs the study; <paramref name="progress"/> receives the study's own reports, then a <see cref="StudyFinished"/>.
    /// Returns the study's result record.
    /// </summary>
    Task<object> RunAsync(ParseResult parse, IProgress<JobProgress> progress, CancellationToken cancellationToken);

    /// <summary>Lines the CLI prints after the result's table (e.g. the significant comparisons); none by default.</summary>
    IEnumerable<string> SummaryLines(object result) => [];
}
