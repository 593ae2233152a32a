namespace VvsNotebook.Kernel.Protocol;

/// <summary>A bare {"status":"ok"} reply (interrupt_reply).</summary>
internal sealed record StatusReply(string Status = "ok");
