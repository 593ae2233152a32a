using VvsNotebook.Kernel.Formatting;
using VvsNotebook.Kernel.Protocol;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>inspect_request: the signature, documentation summary and (for variables) current value under the cursor.</summary>
internal sealed class InspectHandler(KernelServices services) : IRequestHandler
{
    public string MsgType => "inspect_request";

    public void Handle(KernelRequest request)
    {
        var query = request.Content<InspectRequest>();
        var bundle = services.Assistant.Inspect(query.Code, TextPositions.ToUtf16(query.Code, query.CursorPos));
        request.Reply("inspect_reply", bundle is null
            ? new InspectReply(false, [])
            : new InspectReply(true, MimeData.ToJson(bundle)));
    }
}
