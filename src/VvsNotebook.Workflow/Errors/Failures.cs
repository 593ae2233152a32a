using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Runtime;
using VvsNotebook.Training.Sweeps;
using VvsNotebook.Training.Sweeps.Slurm;

namespace VvsNotebook.Workflow;

/// <summary>The exit codes of every <c>vvs</c> command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work could not be done for a reason outside the command line (the cluster, libtorch, missing tasks).</summary>
    public const int Failed = 1;

    /// <summary>Bad input or usage: an option, a file or a run the user named cannot be used as given.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted (Ctrl+C), as a shell reports SIGINT.</summary>
    public const int Interrupted = 130;
}

/// <summary>
/// The one mapping from what went wrong to what a user sees, shared by the CLI (an exit code and one line) and the
/// magics (a cell error without a stack trace). Exceptions it does not know are bugs and keep their stack trace.
/// </summary>
public static class Failures
{
    /// <summary>The exit code <paramref name="e"/> stands for, or null when it is not an expected failure (a bug).</summary>
    public static int? ExitCode(Exception e) => e switch
    {
        OperationCanceledException => ExitCodes.Interrupted,
        // Not the user's input: the cluster, unfinished tasks or another trainer holding the run said no, in their words plus what to do.
        SlurmException or SweepIncompleteException or RunLockedException or System.Runtime.InteropServices.ExternalException => ExitCodes.Failed,
        // A finished run to train again, or a device or precision this build or machine cannot give: the message
        // names the option to change (`vvs torch`, whose one job is loading libtorch, reports its failure as 1).
        RunFinishedException or TorchRuntimeException => ExitCodes.BadInput,
        // IOException covers DataFileException and missing files or folders; FormatException covers ManifestFormatException.
        FormatException or InvalidDataException or KeyNotFoundException or ArgumentException or IOException
            or UnauthorizedAccessException => ExitCodes.BadInput,
        // A plain InvalidOperationException is how the library refuses a state the user asked for (e.g. a run of
        // another configuration in the directory); its subclasses are the runtime's own and stay bugs.
        _ when e.GetType() == typeof(InvalidOperationException) => ExitCodes.BadInput,
        _ => null,
    };

    /// <summary>Whether <paramref name="e"/> is an expected failure that is shown as its message alone.</summary>
    public static bool IsExpected(Exception e) => ExitCode(e) is not null and not ExitCodes.Interrupted;

    /// <summary><paramref name="e"/>'s message in a user's words (no .NET type names or parameter suffixes).</summary>
    public static string Message(Exception e) => ParseErrorText.Friendly(e.Message);
}
