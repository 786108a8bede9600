using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// Writes scored rows into a prediction block. This happens in the batcher, off the request path, straight from the
/// scored batch's columns: no object per logged row.
/// </summary>
internal static class LoggedPredictions
{
    public static void Append(ScoredBatch batch, int start, int count, PredictionBatchWriter into)
    {
        var model = batch.Model;
        var classes = model.Manifest.Label.Classes;
        var inputs = model.Inputs;
        var table = batch.Inputs;
        var columns = new InputValues[inputs.Count];
        for (var feature = 0; feature < columns.Length; feature++)
        {
            columns[feature] = into.Input(inputs.Features[feature].Name, single: inputs.Features[feature].Kind == FeatureKind.Numeric);
        }

        var probabilities = batch.Probabilities is null ? [] : new double[classes.Count];
        for (var row = start; row < start + count; row++)
        {
            if (batch.Probabilities is { } scored)
            {
                for (var i = 0; i < probabilities.Length; i++)
                {
                    // A model that produced a NaN or infinite probability is logged as 0, which every reader can take.
                    var probability = scored[row * classes.Count + i];
                    probabilities[i] = float.IsFinite(probability) ? probability : 0;
                }
            }

            into.Add(
                batch.PredictionIds[row],
                model.Key.Tenant,
                model.Key.Name,
                model.Version,
                batch.Route,
                batch.Labels is { } labels ? classes[labels[row]] : null,
                batch.Values is { } values && float.IsFinite(values[row]) ? values[row] : null,
                batch.Probabilities is null ? null : classes,
                probabilities,
                batch.LatencyMs,
                batch.ServedAt);

            for (var feature = 0; feature < columns.Length; feature++)
            {
                if (inputs.Features[feature].Kind == FeatureKind.Numeric)
                {
                    var number = table.Numbers[feature]![row];
                    if (!float.IsNaN(number))
                    {
                        columns[feature].Number(number);
                    }
                }
                else if (table.Texts[feature]![row] is { IsEmpty: false } text)
                {
                    columns[feature].Text(text.ToString());
                }
            }
        }
    }
}