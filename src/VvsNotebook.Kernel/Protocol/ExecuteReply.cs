using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Protocol;

/// <summary>execute_reply for a cell that ran: status "ok".</summary>
internal sealed record ExecuteReply(int ExecutionCount)
{
    public string Status => "ok";
    public JsonObject UserExpressions { get; init; } = [];
    public JsonArray Payload { get; init; } = [];
}
