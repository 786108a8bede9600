namespace MlOps.Gateway.Limits;

/// <summary>The routes that take uploads: <c>POST /api/training/datasets/{name}</c> and <c>POST /api/registry/models/{name}/versions</c>.</summary>
internal static class UploadRoutes
{
    public static bool Matches(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        var segments = request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return segments is ["api", "training", "datasets", _] or ["api", "registry", "models", _, "versions"];
    }
}