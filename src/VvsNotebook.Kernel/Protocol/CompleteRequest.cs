using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Protocol;

/// <summary>complete_request content; cursor_pos counts Unicode code points.</summary>
internal sealed record CompleteRequest(string Code, int CursorPos);

/// <summary>complete_reply: matches replace the text between cursor_start and cursor_end.</summary>
internal sealed record CompleteReply(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd)
{
    public string Status => "ok";
    public JsonObject Metadata { get; init; } = [];
}
