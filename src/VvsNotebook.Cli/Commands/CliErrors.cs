using VvsNotebook.Manifests;

namespace VvsNotebook.Cli.Commands;

/// <summary>Turns the library's input errors into one clear line on stderr and exit code 2, instead of a stack trace.</summary>
internal static class CliErrors
{
    public const int BadInput = 2;

    public static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (IsInputError(e))
        {
            Console.Error.WriteLine($"error: {Interactive.Magics.ParseErrorText.Friendly(e.Message)}");
            return BadInput;
        }
        catch (VvsNotebook.Training.Sweeps.Slurm.SlurmException e)
        {
            // Not the user's input: the cluster said no (exit 1, "other failure"), in Slurm's words plus what to do.
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }

    public static int Run(Func<int> action) => Run(() => Task.FromResult(action())).GetAwaiter().GetResult();

    private static bool IsInputError(Exception e) => e is DataFileException or ManifestFormatException or FormatException
        or InvalidDataException or KeyNotFoundException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
        or IOException or UnauthorizedAccessException;
}
