using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Protocol;

/// <summary>iopub display_data and update_display_data; the transient display_id links an update to its display.</summary>
internal sealed record DisplayData(JsonObject Data, DisplayTransient Transient)
{
    public JsonObject Metadata { get; init; } = [];
}

/// <summary>The transient block of display messages (never stored in the notebook).</summary>
internal sealed record DisplayTransient(string? DisplayId);
