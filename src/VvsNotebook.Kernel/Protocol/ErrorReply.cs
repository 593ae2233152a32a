namespace VvsNotebook.Kernel.Protocol;

/// <summary>
/// A failed request's reply (execute_reply with status "error" or "aborted"): the same ename/evalue/traceback as
/// the iopub error output.
/// </summary>
internal sealed record ErrorReply(string Ename, string Evalue, IReadOnlyList<string> Traceback, int? ExecutionCount = null, string Status = "error");
