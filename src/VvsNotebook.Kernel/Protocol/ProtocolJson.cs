using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VvsNotebook.Kernel.Protocol;

/// <summary>JSON conventions of the Jupyter protocol: snake_case names, nulls left out.</summary>
internal static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static JsonNode ToNode<T>(T content) => JsonSerializer.SerializeToNode(content, Options) ?? new JsonObject();

    public static T FromNode<T>(JsonObject content) => content.Deserialize<T>(Options)
        ?? throw new JsonException($"Empty {typeof(T).Name} content.");
}
