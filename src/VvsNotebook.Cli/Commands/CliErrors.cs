using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Commands;

/// <summary>Runs a command's action, turning expected failures into one line on stderr and <see cref="Failures"/>' exit code instead of a stack trace.</summary>
internal static class CliErrors
{
    public const int BadInput = ExitCodes.BadInput;

    public static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (Failures.ExitCode(e) is { } code)
        {
            Console.Error.WriteLine(code == ExitCodes.Interrupted ? "cancelled" : $"error: {Failures.Message(e)}");
            return code;
        }
    }

    public static int Run(Func<int> action) => Run(() => Task.FromResult(action())).GetAwaiter().GetResult();
}
