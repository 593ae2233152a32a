using VvsNotebook.Kernel.Protocol;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>
/// shutdown_request: replies, then stops the kernel. With restart the front end starts a fresh process, which is
/// how a clean C# state is had (Roslyn cannot unload submissions).
/// </summary>
internal sealed class ShutdownHandler(JupyterKernel kernel) : IRequestHandler
{
    public string MsgType => "shutdown_request";

    public bool RunsImmediately => true;

    public void Handle(KernelRequest request)
    {
        var restart = request.Content<ShutdownRequest>().Restart;
        request.Reply("shutdown_reply", new ShutdownReply(restart));
        request.Publish("shutdown_reply", new ShutdownReply(restart));
        kernel.Stop();
    }
}
