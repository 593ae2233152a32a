using VvsNotebook.Kernel.Messaging;
using VvsNotebook.Kernel.Protocol;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>kernel_info_request: answered at once (front ends poll it while the kernel starts).</summary>
internal sealed class KernelInfoHandler : IRequestHandler
{
    private static readonly string Version =
        typeof(KernelInfoHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public string MsgType => "kernel_info_request";

    public bool RunsImmediately => true;

    public void Handle(KernelRequest request) => request.Reply("kernel_info_reply", new KernelInfoReply(
        MessageCodec.ProtocolVersion, "vvsnotebook", Version,
        new LanguageInfo("C#", "14.0", "text/x-csharp", ".cs", "csharp", "text/x-csharp"),
        $"VvsNotebook C# kernel {Version} (Roslyn scripting, .NET {Environment.Version}). Magics: #!lsmagic",
        [new HelpLink("VvsNotebook", "https://github.com/vvsnotebook/vvsnotebook")]));
}
