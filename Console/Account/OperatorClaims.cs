using System.Security.Claims;

namespace MlOps.Console.Account;

/// <summary>What the sign-in cookie holds: the operator's API key and what the gateway said of it.</summary>
public static class OperatorClaims
{
    public const string ApiKey = "mlops:api_key";
    public const string KeyId = "mlops:key_id";
    public const string Tenant = "mlops:tenant";
    public const string KeyName = "mlops:key_name";

    public static ClaimsPrincipal Create(string apiKey, CallerKey key) =>
        new(new ClaimsIdentity(
            [
                new Claim(ApiKey, apiKey),
                new Claim(KeyId, key.Id),
                new Claim(Tenant, key.Tenant),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(KeyName, key.Name),
                new Claim(ClaimTypes.Name, key.Name.Length > 0 ? key.Name : key.Id),
            ],
            "ApiKey"));

    public static string? ApiKeyOf(ClaimsPrincipal user) => user.FindFirstValue(ApiKey);

    public static string TenantOf(ClaimsPrincipal user) => user.FindFirstValue(Tenant) ?? string.Empty;

    /// <summary>A reader may only look; writers and admins may act.</summary>
    public static bool MayAct(ClaimsPrincipal user) => user.IsInRole("writer") || user.IsInRole("admin");

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole("admin");
}