using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Messaging;

/// <summary>A decoded Jupyter message: routing identities plus the four JSON parts and any binary buffers.</summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities,
    JsonObject Header,
    JsonObject ParentHeader,
    JsonObject Metadata,
    JsonObject Content,
    IReadOnlyList<byte[]> Buffers)
{
    public string MsgType => Header["msg_type"]?.GetValue<string>() ?? "";

    public string MsgId => Header["msg_id"]?.GetValue<string>() ?? "";
}
