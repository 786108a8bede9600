namespace MlOps.Gateway.Keys;

/// <summary>Configuration section <c>ApiKeys</c>.</summary>
public sealed class ApiKeyStoreOptions
{
    public const string SectionName = "ApiKeys";

    /// <summary>The JSON key store file; without one, keys live in memory only.</summary>
    public string? StorePath { get; set; }

    /// <summary>A plaintext admin key for the default tenant, added to the store at start.</summary>
    public string? Bootstrap { get; set; }

    /// <summary>A plaintext admin key for the default tenant that the Aspire dashboard's commands call the API with.</summary>
    public string? Dashboard { get; set; }
}