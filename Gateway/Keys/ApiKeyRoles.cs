namespace MlOps.Gateway.Keys;

public static class ApiKeyRoles
{
    public const string Admin = "admin";
    public const string Writer = "writer";
    public const string Reader = "reader";

    public static bool IsKnown(string? role) => role is Admin or Writer or Reader;
}