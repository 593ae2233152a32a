namespace VvsNotebook.Kernel.Handlers;

/// <summary>Handles one Jupyter request type. The kernel wraps every call in busy/idle status messages.</summary>
internal interface IRequestHandler
{
    string MsgType { get; }

    /// <summary>True for requests answered on the socket thread at once, even while a cell runs.</summary>
    bool RunsImmediately => false;

    void Handle(KernelRequest request);
}
