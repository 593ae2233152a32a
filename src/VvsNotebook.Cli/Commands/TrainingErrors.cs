using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Cli.Commands;

/// <summary>How <c>vvs train</c> and <c>vvs sweep</c> report a run that cannot go on.</summary>
internal static class TrainingErrors
{
    /// <summary>Runs <paramref name="train"/>, turning run-state and torch-runtime errors into one line and exit code 2.</summary>
    public static async Task<int> Guard(Func<Task<int>> train)
    {
        try { return await train(); }
        catch (Exception e) when (e is RunFinishedException or TorchRuntimeException || e.GetType() == typeof(InvalidOperationException))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CliErrors.BadInput;
        }
    }
}
