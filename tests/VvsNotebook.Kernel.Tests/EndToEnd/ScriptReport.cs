using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>
/// What one kernel-driving Python script (Python/*.py, run against the test kernelspec) reported: its whole output,
/// and the JSON object on its last JSON line. The scenarios share one kernel process, so a fixture runs the script
/// once and each test checks its part.
/// </summary>
public abstract class ScriptReport
{
    protected ScriptReport(KernelEnvironment environment, string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        Script = script;
        var run = environment.Run(KernelEnvironment.Python, [KernelEnvironment.Script(script), KernelEnvironment.KernelName, .. arguments], timeout);
        Output = run.Output;
        var json = run.Stdout.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'));
        Json = json is null ? null : JsonNode.Parse(json)!.AsObject();
    }

    public string Script { get; }
    public string Output { get; }
    public JsonObject? Json { get; }

    /// <summary>The report's part <paramref name="name"/>; a missing one fails the test with the script's output.</summary>
    public JsonNode Part(string name) =>
        Json?[name] ?? throw new Xunit.Sdk.XunitException($"{Script} produced no '{name}' result:\n{Output}");
}
