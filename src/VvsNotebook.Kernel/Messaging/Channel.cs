namespace VvsNotebook.Kernel.Messaging;

/// <summary>The kernel's request channels (iopub and heartbeat only ever send).</summary>
public enum Channel { Shell, Control, Stdin }
