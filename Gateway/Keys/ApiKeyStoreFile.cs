namespace MlOps.Gateway.Keys;

/// <summary>The shape of the key store file.</summary>
internal sealed record ApiKeyStoreFile(IReadOnlyList<ApiKey> Keys);