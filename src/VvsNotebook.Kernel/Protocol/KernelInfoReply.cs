namespace VvsNotebook.Kernel.Protocol;

/// <summary>kernel_info_reply: who we are and which language we run (nbclient copies language_info into the notebook).</summary>
internal sealed record KernelInfoReply(
    string ProtocolVersion, string Implementation, string ImplementationVersion, LanguageInfo LanguageInfo, string Banner,
    IReadOnlyList<HelpLink> HelpLinks)
{
    public string Status => "ok";
    public bool Debugger => false;
}

/// <summary>The language_info block of kernel_info_reply.</summary>
internal sealed record LanguageInfo(string Name, string Version, string Mimetype, string FileExtension, string PygmentsLexer, string CodemirrorMode);

/// <summary>One help link shown in the front end's Help menu.</summary>
internal sealed record HelpLink(string Text, string Url);
