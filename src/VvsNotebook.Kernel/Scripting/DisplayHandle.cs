using VvsNotebook.Interactive.Formatting;
using VvsNotebook.Interactive.Magics;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>A displayed output that can be replaced in place with <see cref="Update"/> (update_display_data).</summary>
public sealed class DisplayHandle : IDisplayHandle
{
    private readonly ICellOutput _output;
    private readonly string[] _mimeTypes;

    internal DisplayHandle(ICellOutput output, string displayId, string[] mimeTypes)
    {
        _output = output;
        DisplayId = displayId;
        _mimeTypes = mimeTypes;
    }

    public string DisplayId { get; }

    public void Update(object? value) => _output.Display(MimeFormatter.ToMimeBundle(value, _mimeTypes), DisplayId, update: true);

    void IDisplayHandle.Update(object value) => Update(value);

    public override string ToString() => $"display {DisplayId}";
}
