using System.Diagnostics.CodeAnalysis;
using VvsNotebook.Interactive.Formatting;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Members every cell can call unqualified. The names follow .NET Interactive (<c>display(x)</c>,
/// <c>DisplayAs(text, mime)</c>) so notebooks run in both hosts.
/// </summary>
[SuppressMessage("Style", "IDE1006", Justification = "display() mirrors .NET Interactive's name.")]
public class KernelGlobals
{
    private readonly ICellOutput _output;

    internal KernelGlobals(ICellOutput output) => _output = output;

    /// <summary>Shows <paramref name="value"/> now and returns a handle to replace it later.</summary>
    public DisplayHandle display(object? value, params string[] mimeTypes)
    {
        var handle = new DisplayHandle(_output, Guid.NewGuid().ToString("N"), mimeTypes);
        _output.Display(MimeFormatter.ToMimeBundle(value, mimeTypes), handle.DisplayId, update: false);
        return handle;
    }

    /// <summary>Shows <paramref name="content"/> as the given MIME type, e.g. <c>DisplayAs("**hi**", "text/markdown")</c>.</summary>
    public DisplayHandle DisplayAs(string content, string mimeType) => display(content, mimeType);

    /// <summary>Clears this cell's output; with <paramref name="wait"/>, only when new output arrives.</summary>
    public void ClearOutput(bool wait = false) => _output.ClearOutput(wait);

    /// <summary>Cancelled when the user interrupts the kernel; pass it to long-running work.</summary>
    public CancellationToken CancellationToken => CellInterrupt.Token;
}
