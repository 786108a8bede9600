namespace MlOps.Gateway.Keys;

public enum ApiKeyDeletion
{
    Deleted,
    NotFound,
    LastAdmin,
}