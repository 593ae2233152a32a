using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Messaging;

/// <summary>
/// Encodes and decodes the Jupyter wire format <c>[identities…, "&lt;IDS|MSG&gt;", hmac, header, parent, metadata,
/// content, buffers…]</c> and builds headers (protocol 5.3, one session id per kernel process).
/// </summary>
public sealed class MessageCodec(MessageSigner signer)
{
    public const string ProtocolVersion = "5.3";
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public string Session { get; } = Guid.NewGuid().ToString();

    /// <summary>Decodes frames; null (with <paramref name="problem"/>) for malformed or badly signed messages.</summary>
    public JupyterMessage? Decode(List<byte[]> frames, out string? problem)
    {
        problem = null;
        var split = frames.FindIndex(f => f.AsSpan().SequenceEqual(Delimiter));
        if (split < 0 || frames.Count < split + 6) { problem = "malformed message (no <IDS|MSG> delimiter or missing parts)"; return null; }
        var parts = frames.GetRange(split + 2, 4).ToArray();
        var signature = Encoding.ASCII.GetString(frames[split + 1]);
        if (!signer.Verify(signature, parts)) { problem = "invalid or replayed HMAC signature"; return null; }
        try
        {
            return new JupyterMessage(
                frames.GetRange(0, split),
                ParseObject(parts[0]), ParseObject(parts[1]), ParseObject(parts[2]), ParseObject(parts[3]),
                frames.GetRange(split + 6, frames.Count - split - 6));
        }
        catch (JsonException e)
        {
            problem = "message JSON does not parse: " + e.Message;
            return null;
        }
    }

    public List<byte[]> Encode(IReadOnlyList<byte[]> identities, JsonObject header, JsonObject? parent, JsonNode content, JsonObject? metadata = null)
    {
        byte[][] parts =
        [
            Serialize(header), Serialize(parent ?? new JsonObject()), Serialize(metadata ?? new JsonObject()), Serialize(content),
        ];
        var frames = new List<byte[]>(identities.Count + 6);
        frames.AddRange(identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        return frames;
    }

    public JsonObject NewHeader(string msgType) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString(),
        ["session"] = Session,
        ["username"] = "kernel",
        // jupyter_client's ISO 8601 pattern accepts at most 6 fractional digits.
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };

    private static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Json);

    private static JsonObject ParseObject(byte[] bytes) =>
        bytes.Length == 0 ? new JsonObject() : JsonNode.Parse(bytes) as JsonObject ?? new JsonObject();
}
