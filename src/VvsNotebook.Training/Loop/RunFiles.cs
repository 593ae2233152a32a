using System.Text.Json;
using System.Text.Json.Serialization;

namespace VvsNotebook.Training.Loop;

/// <summary>JSON conventions of run directories, and atomic writes (temporary file, then rename).</summary>
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

    public static void WriteJson<T>(string path, T value) => WriteAllText(path, JsonSerializer.Serialize(value, Json) + "\n");

    public static T ReadJson<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no {typeof(T).Name}.");

    public static void WriteAllText(string path, string text) =>
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Writes through <paramref name="write"/> into a temporary file, flushes it to disk, then renames it onto <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
