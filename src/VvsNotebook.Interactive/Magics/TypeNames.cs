namespace VvsNotebook.Interactive.Magics;

/// <summary>C# spelling of a runtime type (<c>List&lt;ScoreRecord&gt;</c>), so hosts can declare variables of it.</summary>
public static class TypeNames
{
    /// <summary>Fully qualified C# name with <c>global::</c>, usable in generated declarations.</summary>
    public static string Qualified(Type type) => Name(type, qualified: true);

    /// <summary>Short C# name for display.</summary>
    public static string CSharp(Type type) => Name(type, qualified: false);

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(int)] = "int", [typeof(long)] = "long", [typeof(double)] = "double", [typeof(float)] = "float",
        [typeof(bool)] = "bool", [typeof(string)] = "string", [typeof(object)] = "object", [typeof(decimal)] = "decimal",
        [typeof(byte)] = "byte", [typeof(char)] = "char", [typeof(short)] = "short", [typeof(uint)] = "uint", [typeof(ulong)] = "ulong",
    };

    private static string Name(Type type, bool qualified)
    {
        if (Keywords.TryGetValue(type, out var keyword)) return keyword;
        if (type.IsArray) return Name(type.GetElementType()!, qualified) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (Nullable.GetUnderlyingType(type) is { } inner) return Name(inner, qualified) + "?";
        var outer = type.IsNested && !type.IsGenericParameter ? Name(type.DeclaringType!, qualified) + "." : null;
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        var args = type.IsGenericType ? type.GetGenericArguments() : [];
        if (type.IsNested && type.DeclaringType!.IsGenericType) args = args[type.DeclaringType.GetGenericArguments().Length..];
        var generic = args.Length > 0 ? "<" + string.Join(", ", args.Select(a => Name(a, qualified))) + ">" : "";
        var prefix = outer ?? (qualified && !string.IsNullOrEmpty(type.Namespace) ? "global::" + type.Namespace + "." : "");
        return prefix + name + generic;
    }
}
