namespace VvsNotebook.Kernel.Protocol;

/// <summary>iopub error: an exception or compile error with a readable traceback.</summary>
internal sealed record ErrorOutput(string Ename, string Evalue, IReadOnlyList<string> Traceback);
