using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Protocol;

/// <summary>inspect_request content (shift-tab help).</summary>
internal sealed record InspectRequest(string Code, int CursorPos, int DetailLevel = 0);

/// <summary>inspect_reply: found plus a MIME bundle describing the symbol under the cursor.</summary>
internal sealed record InspectReply(bool Found, JsonObject Data)
{
    public string Status => "ok";
    public JsonObject Metadata { get; init; } = [];
}
