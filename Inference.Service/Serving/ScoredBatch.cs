using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// A request's rows as one model version scored them: what the response is written from and what the prediction
/// log later turns into logged rows. Outputs are held column-wise, one array per request rather than objects per row.
/// </summary>
public sealed class ScoredBatch
{
    public ScoredBatch(LoadedModel model, string route, RequestTable inputs)
    {
        Model = model;
        Route = route;
        Inputs = inputs;
        var rows = inputs.Rows;
        PredictionIds = new Guid[rows];
        for (var row = 0; row < rows; row++)
        {
            PredictionIds[row] = Guid.CreateVersion7();
        }

        if (model.Outputs.Task == ModelTask.Regression)
        {
            Values = new float[rows];
        }
        else
        {
            Labels = new int[rows];
            Probabilities = model.Outputs.HasProbabilities ? new float[rows * model.Outputs.Classes] : null;
        }
    }

    public LoadedModel Model { get; }

    public string Route { get; }

    public RequestTable Inputs { get; }

    public int Rows => Inputs.Rows;

    public Guid[] PredictionIds { get; }

    /// <summary>Each row's class, as an index into the manifest's classes; null for regression.</summary>
    public int[]? Labels { get; }

    /// <summary>Each row's predicted value; null for classification.</summary>
    public float[]? Values { get; }

    /// <summary>Row-major, one probability per class in the manifest's order; null when the model has none.</summary>
    public float[]? Probabilities { get; }

    /// <summary>A binary row's outputs: its class, and (1 − p, p) when the model has probabilities.</summary>
    public void SetBinary(int row, bool positive, float probability)
    {
        Labels![row] = positive ? 1 : 0;
        if (Probabilities is { } probabilities)
        {
            probabilities[row * 2] = 1 - probability;
            probabilities[row * 2 + 1] = probability;
        }
    }

    public DateTimeOffset ServedAt { get; set; }

    public double LatencyMs { get; set; }
}