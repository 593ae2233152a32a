using System.ComponentModel;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>Hands a magic's result to the generated declaration <c>var name = (T)ScriptBindings.Take("name");</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScriptBindings
{
    internal static Dictionary<string, object> Pending { get; set; } = [];

    public static object Take(string name)
    {
        lock (Pending)
        {
            if (!Pending.Remove(name, out var value)) throw new InvalidOperationException($"No pending value for '{name}'.");
            return value;
        }
    }
}
