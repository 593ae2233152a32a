using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Protocol;

/// <summary>iopub execute_result: a cell's trailing expression as a MIME bundle.</summary>
internal sealed record ExecuteResult(int ExecutionCount, JsonObject Data)
{
    public JsonObject Metadata { get; init; } = [];
}
