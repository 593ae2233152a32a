using System.Text;
using System.Text.Json.Nodes;
using VvsNotebook.Kernel.Messaging;

namespace VvsNotebook.Kernel.Tests.Protocol;

public sealed class MessageSignerTests
{
    private static byte[][] Parts(params string[] parts) => parts.Select(Encoding.UTF8.GetBytes).ToArray();

    [Fact]
    public void signature_is_hmac_sha256_over_the_concatenated_parts_in_lowercase_hex()
    {
        // RFC 4231-style reference value (as Python's hmac.new(b"key", msg, sha256).hexdigest() gives it).
        var signer = new MessageSigner("key");
        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            signer.Sign(Parts("The quick brown fox ", "jumps over ", "the lazy dog", "")));
    }

    [Fact]
    public void a_tampered_part_or_a_wrong_key_fails_verification()
    {
        var parts = Parts("{\"msg_id\":\"1\"}", "{}", "{}", "{\"code\":\"1\"}");
        var signature = new MessageSigner("secret").Sign(parts);
        Assert.False(new MessageSigner("secret").Verify(signature, Parts("{\"msg_id\":\"1\"}", "{}", "{}", "{\"code\":\"2\"}")));
        Assert.False(new MessageSigner("other").Verify(signature, parts));
        Assert.True(new MessageSigner("secret").Verify(signature, parts));
    }

    [Fact]
    public void a_replayed_signature_is_refused()
    {
        var signer = new MessageSigner("secret");
        var parts = Parts("{\"msg_id\":\"1\"}", "{}", "{}", "{}");
        var signature = signer.Sign(parts);
        Assert.True(signer.Verify(signature, parts));
        Assert.False(signer.Verify(signature, parts));
    }

    [Fact]
    public void an_empty_key_means_unsigned_messages()
    {
        var signer = new MessageSigner("");
        Assert.Equal("", signer.Sign(Parts("a", "b", "c", "d")));
        Assert.True(signer.Verify("", Parts("a", "b", "c", "d")));
    }

    [Fact]
    public void codec_round_trips_identities_and_parts_and_rejects_bad_signatures()
    {
        var codec = new MessageCodec(new MessageSigner("k"));
        var header = codec.NewHeader("execute_request");
        var frames = codec.Encode([[1, 2, 3]], header, null, new JsonObject { ["code"] = "1+1" });
        var decoded = codec.Decode(frames, out var problem);
        Assert.Null(problem);
        Assert.Equal([1, 2, 3], decoded!.Identities.Single());
        Assert.Equal("execute_request", decoded.MsgType);
        Assert.Equal("1+1", decoded.Content["code"]!.GetValue<string>());

        var forged = codec.Encode([[1]], codec.NewHeader("execute_request"), null, new JsonObject());
        forged[2] = Encoding.ASCII.GetBytes(new string('0', 64));
        Assert.Null(codec.Decode(forged, out problem));
        Assert.Contains("signature", problem);
    }

    [Fact]
    public void header_dates_have_at_most_six_fractional_digits_and_carry_the_protocol_version()
    {
        var header = new MessageCodec(new MessageSigner("")).NewHeader("status");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", header["date"]!.GetValue<string>());
        Assert.Equal("5.3", header["version"]!.GetValue<string>());
    }
}
