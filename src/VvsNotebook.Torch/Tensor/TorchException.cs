namespace VvsNotebook.Torch;

/// <summary>An error raised inside libtorch, carrying libtorch's own message.</summary>
public sealed class TorchException(string message) : Exception(message);
