namespace MlOps.Gateway.Authentication;

/// <summary>Claims of an authenticated key besides its role (<see cref="System.Security.Claims.ClaimTypes.Role"/>).</summary>
public static class ApiKeyClaimTypes
{
    public const string KeyId = "mlops:key_id";
    public const string Tenant = "mlops:tenant";
}