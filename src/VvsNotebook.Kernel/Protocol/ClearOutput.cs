namespace VvsNotebook.Kernel.Protocol;

/// <summary>iopub clear_output; with Wait the front end clears only when the next output arrives.</summary>
internal sealed record ClearOutput(bool Wait);
