using System.Security.Cryptography;
using System.Text;

namespace VvsNotebook.Kernel.Messaging;

/// <summary>
/// HMAC-SHA256 over the four JSON frames (header, parent header, metadata, content), lowercase hex. An empty key
/// means the session is unsigned. Verification is constant-time and refuses replayed signatures, as jupyter_client does.
/// </summary>
public sealed class MessageSigner(string key)
{
    private const int RememberedSignatures = 65536;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);
    private readonly HashSet<string> _seen = [];
    private readonly Queue<string> _seenOrder = new();

    public bool IsSigning => _key.Length > 0;

    public string Sign(ReadOnlySpan<byte[]> parts)
    {
        if (!IsSigning) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var p in parts) hmac.AppendData(p);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>True when <paramref name="signature"/> is the right digest for the parts and was not seen before.</summary>
    public bool Verify(string signature, ReadOnlySpan<byte[]> parts)
    {
        if (!IsSigning) return true;
        var expected = Encoding.ASCII.GetBytes(Sign(parts));
        var actual = Encoding.ASCII.GetBytes(signature);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual)) return false;
        lock (_seen)
        {
            if (!_seen.Add(signature)) return false;
            _seenOrder.Enqueue(signature);
            if (_seenOrder.Count > RememberedSignatures) _seen.Remove(_seenOrder.Dequeue());
        }
        return true;
    }
}
