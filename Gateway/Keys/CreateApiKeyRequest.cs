using System.Text.RegularExpressions;

namespace MlOps.Gateway.Keys;

public sealed partial record CreateApiKeyRequest(string? Tenant, string? Role, string? Name)
{
    public const int MaxNameLength = 100;

    /// <returns>The errors by field name, empty when the request is valid.</returns>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Tenant is null || !TenantPattern().IsMatch(Tenant))
        {
            errors["tenant"] = ["The tenant must be 1 to 64 characters of a-z, 0-9, '_' or '-'."];
        }

        if (!ApiKeyRoles.IsKnown(Role))
        {
            errors["role"] = [$"The role must be '{ApiKeyRoles.Reader}', '{ApiKeyRoles.Writer}' or '{ApiKeyRoles.Admin}'."];
        }

        if (Name is { Length: > MaxNameLength })
        {
            errors["name"] = [$"The name must be at most {MaxNameLength} characters."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex TenantPattern();
}