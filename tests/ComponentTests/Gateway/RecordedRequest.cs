namespace MlOps.ComponentTests.Gateway;

/// <summary>A request as a backend behind the gateway received it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, long BodyLength)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}