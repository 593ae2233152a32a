using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Protocol;

/// <summary>comm_info_reply: the kernel opens no comms, so the map is empty.</summary>
internal sealed record CommInfoReply
{
    public string Status => "ok";
    public JsonObject Comms { get; init; } = [];
}
