namespace VvsNotebook.Kernel.Scripting;

/// <summary>Where a running cell's side effects go: the kernel turns them into iopub messages for the current request.</summary>
public interface ICellOutput
{
    void Stream(string name, string text);

    /// <summary>Shows a MIME bundle; with <paramref name="update"/> it replaces the display <paramref name="displayId"/>.</summary>
    void Display(IReadOnlyDictionary<string, string> bundle, string? displayId, bool update);

    void ClearOutput(bool wait);
}
