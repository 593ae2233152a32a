using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// A cell failure in Jupyter's error shape (ename, evalue, traceback lines). Stack traces keep the user's frames,
/// name cells as <c>cell[n]</c> and drop the scripting and async plumbing a reader does not need.
/// </summary>
public sealed partial record CellError(string Ename, string Evalue, IReadOnlyList<string> Traceback)
{
    private const string Red = "\u001b[0;31m", Reset = "\u001b[0m";

    /// <param name="stackTrace">How to read an exception's stack trace (cells add their source lines); by default
    /// <see cref="Exception.StackTrace"/>.</param>
    public static CellError FromException(Exception exception, Func<Exception, string?>? stackTrace = null)
    {
        stackTrace ??= e => e.StackTrace;
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        var lines = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            lines.Add(e == exception ? $"{Red}{e.GetType().Name}{Reset}: {e.Message}" : $"---> {e.GetType().Name}: {e.Message}");
            lines.AddRange(UserFrames(stackTrace(e)));
        }
        return new CellError(exception.GetType().Name, exception.Message, lines);
    }

    public static CellError Interrupted(string message = "The cell was interrupted.") =>
        new(nameof(OperationCanceledException), message, [$"{Red}OperationCanceledException{Reset}: {message}"]);

    public static CellError FromDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var lines = errors.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            var where = span.IsValid ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : "";
            return $"{span.Path}{where}: {Red}error {d.Id}{Reset}: {d.GetMessage()}";
        }).ToList();
        return new CellError("CompilationError", errors.Count > 0 ? $"{errors[0].Id}: {errors[0].GetMessage()}" : "compilation failed", lines);
    }

    private static IEnumerable<string> UserFrames(string? stackTrace)
    {
        if (string.IsNullOrEmpty(stackTrace)) yield break;
        foreach (var raw in stackTrace.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0) continue;
            if (line.Contains("<<Initialize>>", StringComparison.Ordinal))
            {
                // The cell's top-level code: only its location says anything to the reader.
                var at = line.IndexOf(" in ", StringComparison.Ordinal);
                if (at >= 0) yield return "   at " + CellPath().Replace(line[(at + 4)..], "$1");
                continue;
            }
            if (Plumbing().IsMatch(line)) continue;
            yield return CellPath().Replace(Submission().Replace(line, ""), "$1");
        }
    }

    [GeneratedRegex(@"Microsoft\.CodeAnalysis\.Scripting|System\.Runtime\.CompilerServices|System\.Runtime\.ExceptionServices|System\.Threading\.(ExecutionContext|Tasks)|--- End of stack trace|VvsNotebook\.Kernel\.Scripting\.(CellInterrupt|ScriptSession)")]
    private static partial Regex Plumbing();

    [GeneratedRegex(@"\S*?(cell\[\d+\])")]
    private static partial Regex CellPath();

    [GeneratedRegex(@"Submission#\d+\.?")]
    private static partial Regex Submission();
}
