namespace VvsNotebook.Display;

/// <summary>
/// Names the formatter source of a type. .NET Interactive matches this attribute by name, with no compile-time
/// reference to it, and the VvsNotebook kernel reads it the same way, so one formatter path serves both hosts.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types a host should emit for the type, most preferred first.</summary>
    public string[] PreferredMimeTypes { get; set; } = [];
}
