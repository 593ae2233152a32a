using VvsNotebook.Kernel.Protocol;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>comm_info_request: the kernel has no comm targets (widgets are not supported), so the list is empty.</summary>
internal sealed class CommInfoHandler : IRequestHandler
{
    public string MsgType => "comm_info_request";

    public void Handle(KernelRequest request) => request.Reply("comm_info_reply", new CommInfoReply());
}
