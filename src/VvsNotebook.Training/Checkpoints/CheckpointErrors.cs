using System.Text;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>A file that is not a readable PyTorch checkpoint, with what to do about it (an input error: <c>vvs</c> exits 2).</summary>
public class PyTorchCheckpointException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>A tensor whose shape differs between the checkpoint and the model.</summary>
public sealed record ShapeMismatch(string Name, long[] CheckpointShape, long[] ModelShape)
{
    public override string ToString() => $"{Name} is [{string.Join(", ", CheckpointShape)}] in the checkpoint, [{string.Join(", ", ModelShape)}] in the model";
}

/// <summary>A strict load that found keys missing, unexpected or of the wrong shape; all of them are named in one message.</summary>
public sealed class StateDictMismatchException : PyTorchCheckpointException
{
    public StateDictMismatchException(string checkpoint, string model, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<ShapeMismatch> shapes)
        : base(Describe(checkpoint, model, missing, unexpected, shapes))
    {
        Missing = missing; Unexpected = unexpected; ShapeMismatches = shapes;
    }

    /// <summary>The model's state names the checkpoint lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The checkpoint's names (after prefix stripping) the model does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    public IReadOnlyList<ShapeMismatch> ShapeMismatches { get; }

    private const int Listed = 12;

    private static string Describe(string checkpoint, string model, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<ShapeMismatch> shapes)
    {
        var text = new StringBuilder($"{checkpoint} does not fit {model}:");
        void Part<T>(string title, IReadOnlyList<T> items)
        {
            if (items.Count == 0) return;
            text.Append($"\n  {title} ({items.Count}): {string.Join("; ", items.Take(Listed))}");
            if (items.Count > Listed) text.Append($"; ... and {items.Count - Listed} more");
        }
        Part("missing from the checkpoint", missing);
        Part("unexpected in the checkpoint", unexpected);
        Part("shape mismatches", shapes);
        text.Append("\n  Check the architecture, width, depth, input and class count; strict: false loads only the tensors that match.");
        return text.ToString();
    }
}
