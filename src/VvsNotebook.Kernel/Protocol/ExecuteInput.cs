namespace VvsNotebook.Kernel.Protocol;

/// <summary>iopub execute_input: the code being run and its execution count.</summary>
internal sealed record ExecuteInput(string Code, int ExecutionCount);
