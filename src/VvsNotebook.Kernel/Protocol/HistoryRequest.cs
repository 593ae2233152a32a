namespace VvsNotebook.Kernel.Protocol;

/// <summary>history_request content (tail, range or search over this session's inputs).</summary>
internal sealed record HistoryRequest
{
    public bool Output { get; init; }
    public bool Raw { get; init; } = true;
    public string HistAccessType { get; init; } = "tail";
    public int Session { get; init; }
    public int Start { get; init; }
    public int Stop { get; init; }
    public int N { get; init; } = 10;
    public string Pattern { get; init; } = "*";
    public bool Unique { get; init; }
}

/// <summary>history_reply: (session, line, input) triples, or (session, line, (input, output)) with output.</summary>
internal sealed record HistoryReply(IReadOnlyList<object[]> History)
{
    public string Status => "ok";
}
