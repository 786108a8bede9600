using System.Security.Cryptography;

namespace MlOps.Telemetry.Service.EventStreams;

/// <summary>A client's <c>Idempotency-Key</c> with the hash of the body it came with.</summary>
public sealed record IdempotencyKey(string Value, byte[] RequestSha256)
{
    public const string Header = "Idempotency-Key";
    public const string Rule = "An Idempotency-Key is 1 to 255 printable ASCII characters.";

    public static bool IsValid(string value) =>
        value.Length is > 0 and <= 255 && value.All(c => c is >= ' ' and <= '~');

    public static IdempotencyKey For(string value, ReadOnlySpan<byte> body) => new(value, SHA256.HashData(body));
}