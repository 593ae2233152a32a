using VvsNotebook.Kernel.Protocol;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>history_request over this session's inputs: tail, range and search (glob pattern).</summary>
internal sealed class HistoryHandler(KernelServices services) : IRequestHandler
{
    private const int Session = 1;

    public string MsgType => "history_request";

    public void Handle(KernelRequest request)
    {
        var query = request.Content<HistoryRequest>();
        IEnumerable<(int Line, string Code)> entries = services.History;
        entries = query.HistAccessType switch
        {
            "range" => entries.Where(e => e.Line >= query.Start && (query.Stop <= 0 || e.Line < query.Stop)),
            "search" => Search(entries, query),
            _ => entries.TakeLast(query.N),
        };
        var history = entries.Select(e => query.Output ? new object[] { Session, e.Line, new object?[] { e.Code, null } } : [Session, e.Line, e.Code]).ToList();
        request.Reply("history_reply", new HistoryReply(history));
    }

    private static IEnumerable<(int Line, string Code)> Search(IEnumerable<(int Line, string Code)> entries, HistoryRequest query)
    {
        var pattern = new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Escape(query.Pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        var matches = entries.Where(e => pattern.IsMatch(e.Code));
        if (query.Unique) matches = matches.Reverse().DistinctBy(e => e.Code).Reverse();
        return matches.TakeLast(query.N);
    }
}
