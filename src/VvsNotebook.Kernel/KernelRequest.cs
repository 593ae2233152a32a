using System.Text.Json.Nodes;
using VvsNotebook.Kernel.Messaging;
using VvsNotebook.Kernel.Protocol;

namespace VvsNotebook.Kernel;

/// <summary>One request being handled: its message, and replies and iopub messages with it as the parent.</summary>
public sealed class KernelRequest
{
    private readonly JupyterKernel _kernel;

    internal KernelRequest(JupyterKernel kernel, Channel channel, JupyterMessage message)
    {
        _kernel = kernel;
        Channel = channel;
        Message = message;
    }

    public Channel Channel { get; }

    public JupyterMessage Message { get; }

    public string MsgType => Message.MsgType;

    internal T Content<T>() => ProtocolJson.FromNode<T>(Message.Content);

    internal void Reply(string msgType, object content) => _kernel.Reply(this, msgType, content);

    internal void Publish(string msgType, object content) => _kernel.Publish(Message.Header, msgType, content);

    internal JsonObject Header => Message.Header;
}
