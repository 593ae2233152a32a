namespace VvsNotebook.Kernel.Protocol;

/// <summary>iopub status: busy/idle around every request, starting once at launch.</summary>
internal sealed record KernelStatus(string ExecutionState);
