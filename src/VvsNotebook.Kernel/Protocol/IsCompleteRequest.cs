namespace VvsNotebook.Kernel.Protocol;

/// <summary>is_complete_request content.</summary>
internal sealed record IsCompleteRequest(string Code);

/// <summary>is_complete_reply: complete, incomplete (with an indent hint), invalid or unknown.</summary>
internal sealed record IsCompleteReply(string Status, string? Indent = null);
