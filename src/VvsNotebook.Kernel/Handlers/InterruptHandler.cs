using VvsNotebook.Kernel.Protocol;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>interrupt_request (control, and shell as VS Code sends it): cancels the running cell and replies at once.</summary>
internal sealed class InterruptHandler(KernelServices services) : IRequestHandler
{
    public string MsgType => "interrupt_request";

    public bool RunsImmediately => true;

    public void Handle(KernelRequest request)
    {
        services.Interrupt();
        request.Reply("interrupt_reply", new StatusReply());
    }
}
