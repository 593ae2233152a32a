namespace VvsNotebook.Kernel.Protocol;

/// <summary>execute_request content.</summary>
internal sealed record ExecuteRequest
{
    public string Code { get; init; } = "";
    public bool Silent { get; init; }
    public bool StoreHistory { get; init; } = true;
    public bool AllowStdin { get; init; }
    public bool StopOnError { get; init; } = true;
}
