using VvsNotebook.Kernel.Protocol;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>complete_request: Roslyn completions for C#, System.CommandLine completions on magic lines.</summary>
internal sealed class CompleteHandler(KernelServices services) : IRequestHandler
{
    public string MsgType => "complete_request";

    public void Handle(KernelRequest request)
    {
        var query = request.Content<CompleteRequest>();
        var position = TextPositions.ToUtf16(query.Code, query.CursorPos);
        var (matches, start, end) = services.Assistant.Complete(query.Code, position);
        request.Reply("complete_reply", new CompleteReply(matches,
            TextPositions.ToCodePoints(query.Code, start), TextPositions.ToCodePoints(query.Code, end)));
    }
}
