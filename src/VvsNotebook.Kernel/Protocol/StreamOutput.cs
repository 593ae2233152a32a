namespace VvsNotebook.Kernel.Protocol;

/// <summary>iopub stream: text written to stdout or stderr.</summary>
internal sealed record StreamOutput(string Name, string Text);
