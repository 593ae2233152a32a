namespace VvsNotebook.Kernel.Protocol;

/// <summary>shutdown_request content; restart means the front end will start a fresh kernel process.</summary>
internal sealed record ShutdownRequest(bool Restart);

/// <summary>shutdown_reply.</summary>
internal sealed record ShutdownReply(bool Restart)
{
    public string Status => "ok";
}
