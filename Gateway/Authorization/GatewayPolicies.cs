namespace MlOps.Gateway.Authorization;

public static class GatewayPolicies
{
    /// <summary>The five service routes: readers may read, writers and admins may do anything.</summary>
    public const string ServiceAccess = "ServiceAccess";

    /// <summary>Key management.</summary>
    public const string Admin = "Admin";
}