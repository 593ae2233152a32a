using System.Text.Json;
using System.Text.Json.Serialization;
using VvsNotebook.Files;

namespace VvsNotebook.Training.Loop;

/// <summary>JSON conventions of run directories (written through <see cref="AtomicFile"/>).</summary>
public static class RunFiles
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static JsonSerializerOptions JsonLine { get; } = new(Json) { WriteIndented = false };

    public static void WriteJson<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json) + "\n");

    public static T ReadJson<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no {typeof(T).Name}.");
}
