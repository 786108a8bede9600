using System.Text.Json.Nodes;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Registry.Service.Catalog;

public static class VersionMetrics
{
    /// <summary>The held-out metrics by name, as MLflow shows a version's metrics, plus <c>crossValidated</c>.</summary>
    public static JsonObject Flatten(ModelMetrics metrics)
    {
        var flat = new JsonObject();
        foreach (var (name, value) in metrics.HeldOut)
        {
            flat[name] = value;
        }

        var crossValidated = new JsonObject();
        foreach (var (name, value) in metrics.CrossValidated)
        {
            crossValidated[name] = value;
        }

        flat["crossValidated"] = crossValidated;
        return flat;
    }
}