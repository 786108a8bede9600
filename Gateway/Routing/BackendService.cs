namespace MlOps.Gateway.Routing;

/// <summary>A service behind the gateway: its resource name and the path prefix it serves.</summary>
public sealed record BackendService(string Resource, string PathPrefix)
{
    public string AddressKey => $"services:{Resource}:http:0";

    /// <returns>The address from configuration (Aspire's <c>services__&lt;resource&gt;__http__0</c>), or null when none is set.</returns>
    public Uri? GetAddress(IConfiguration configuration)
    {
        var value = configuration[AddressKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var address)
            ? address
            : throw new InvalidOperationException($"Configuration '{AddressKey}' is not an absolute URL: '{value}'.");
    }
}