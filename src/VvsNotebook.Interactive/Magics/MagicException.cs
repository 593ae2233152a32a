using VvsNotebook.Workflow;
namespace VvsNotebook.Interactive.Magics;

/// <summary>A magic line that cannot run as written (unknown magic, bad option); hosts show it as a cell error.</summary>
public sealed class MagicException(string message, Exception? inner = null) : Exception(ParseErrorText.Friendly(message), inner);
