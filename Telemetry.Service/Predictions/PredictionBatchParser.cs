using System.Text.Json;

using MlOps.Contracts.ModelPackages;
using MlOps.ServiceDefaults.Database;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// Reads a posted batch of predictions: a JSON array of objects shaped like the predictions Inference logs, without
/// a tenant. Every field is checked, so a batch is stored whole or refused whole, naming its first bad field such as
/// <c>[3].predictionId</c>.
/// </summary>
public static class PredictionBatchParser
{
    public const int MaxTextLength = 1000;
    public const int MaxErrorLength = 4000;
    private const string Body = JsonBody.Field;

    public static (IReadOnlyList<PredictionRecord>? Rows, FieldError? Error) Parse(
        ReadOnlyMemory<byte> body, string tenant, DateTimeOffset now, PredictionLogOptions options)
    {
        if (JsonBody.Parse(body, out var invalid) is not { } document)
        {
            return Fail(invalid!);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Fail(FieldError.Invalid(Body, "Send a JSON array of predictions."));
            }

            var count = root.GetArrayLength();
            if (count == 0)
            {
                return Fail(FieldError.Invalid(Body, "The array holds no predictions."));
            }

            if (count > options.MaxPredictionsPerRequest)
            {
                return Fail(new FieldError(StatusCodes.Status413PayloadTooLarge, Body,
                    $"A request may carry at most {options.MaxPredictionsPerRequest} predictions."));
            }

            var rows = new List<PredictionRecord>(count);
            var positions = new Dictionary<Guid, int>(count);
            foreach (var item in root.EnumerateArray())
            {
                var at = $"[{rows.Count}]";
                if (Read(item, at, tenant, now, options, out var row) is { } error)
                {
                    return Fail(error);
                }

                if (!positions.TryAdd(row!.PredictionId, rows.Count))
                {
                    return Fail(FieldError.Invalid($"{at}.predictionId",
                        $"This prediction id is also at [{positions[row.PredictionId]}]; a request holds each prediction once."));
                }

                rows.Add(row);
            }

            return (rows, null);
        }
    }

    private static FieldError? Read(
        JsonElement item, string at, string tenant, DateTimeOffset now, PredictionLogOptions options, out PredictionRecord? row)
    {
        row = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return FieldError.Invalid(at, "Each prediction is a JSON object.");
        }

        if (!JsonFields.TryGetString(item, "predictionId", out var idText) || !Guid.TryParse(idText, out var predictionId)
            || predictionId == Guid.Empty)
        {
            return FieldError.Invalid($"{at}.predictionId", "A prediction id is a GUID, such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.");
        }

        if (!JsonFields.TryGetString(item, "model", out var model) || !ModelNameRule.IsValid(model))
        {
            return FieldError.Invalid($"{at}.model", ModelNameRule.Description);
        }

        if (!JsonFields.TryGet(item, "version", out var versionValue) || versionValue.ValueKind != JsonValueKind.Number
            || !versionValue.TryGetInt32(out var version) || version < 1)
        {
            return FieldError.Invalid($"{at}.version", "A version is a positive integer, such as 3.");
        }

        if (!JsonFields.TryGetString(item, "route", out var route) || !PredictionRoute.IsKnown(route))
        {
            return FieldError.Invalid($"{at}.route", PredictionRoute.Rule);
        }

        if (!JsonFields.TryGet(item, "inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Object
            || !inputs.EnumerateObject().Any())
        {
            return FieldError.Invalid($"{at}.inputs", "The inputs are a JSON object of feature values, such as {\"age\": 42}.");
        }

        if (StorableJson.Problem(inputs) is { } inputsProblem)
        {
            return FieldError.Invalid($"{at}.inputs", inputsProblem);
        }

        string? label = null;
        if (JsonFields.TryGet(item, "label", out _) && !TryGetText(item, "label", MaxTextLength, out label))
        {
            return FieldError.Invalid($"{at}.label", $"A label is the predicted class, a string of 1 to {MaxTextLength} characters.");
        }

        double? value = null;
        if (JsonFields.TryGet(item, "value", out var valueElement))
        {
            if (!JsonFields.TryGetNumber(valueElement, out var number))
            {
                return FieldError.Invalid($"{at}.value", "A value is the predicted number, such as 12.5.");
            }

            value = number;
        }

        Dictionary<string, double>? probabilities = null;
        if (JsonFields.TryGet(item, "probabilities", out var probabilitiesElement)
            && ReadProbabilities(probabilitiesElement, out probabilities) is { } probabilitiesProblem)
        {
            return FieldError.Invalid($"{at}.probabilities", probabilitiesProblem);
        }

        if (!JsonFields.TryGet(item, "latencyMs", out var latencyElement)
            || !JsonFields.TryGetNumber(latencyElement, out var latencyMs) || latencyMs < 0)
        {
            return FieldError.Invalid($"{at}.latencyMs", "The latency is a number of milliseconds, 0 or more.");
        }

        if (!JsonFields.TryGetString(item, "servedAt", out var servedAtText) || !IsoTime.TryParse(servedAtText, out var servedAt))
        {
            return FieldError.Invalid($"{at}.servedAt", "The served time is an ISO 8601 date-time, such as 2026-11-23T10:00:00Z.");
        }

        if (servedAt < now - options.MaxAge || servedAt > now + options.MaxClockSkew)
        {
            return FieldError.Invalid($"{at}.servedAt",
                $"The served time must lie between {options.MaxAge.TotalDays:0} days ago and {options.MaxClockSkew.TotalMinutes:0} minutes from now.");
        }

        string? error = null;
        if (JsonFields.TryGet(item, "error", out _) && !TryGetText(item, "error", MaxErrorLength, out error))
        {
            return FieldError.Invalid($"{at}.error", $"An error is why serving failed, a string of 1 to {MaxErrorLength} characters.");
        }

        if (label is null && value is null && error is null)
        {
            return FieldError.Invalid($"{at}.label",
                "A prediction has a label (classification) or a value (regression), unless it is logged as failed with an error.");
        }

        row = new PredictionRecord(
            tenant, predictionId, model, version, route, inputs.GetRawText(), label, value, probabilities, latencyMs,
            StoredTime.Truncate(servedAt), error);
        return null;
    }

    private static string? ReadProbabilities(JsonElement element, out Dictionary<string, double>? probabilities)
    {
        probabilities = null;
        const string Rule = "The probabilities are an object of class names and numbers from 0 to 1, such as {\"yes\": 0.8, \"no\": 0.2}.";
        if (element.ValueKind != JsonValueKind.Object || StorableJson.Problem(element) is not null)
        {
            return Rule;
        }

        var read = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Length is 0 or > MaxTextLength || !JsonFields.TryGetNumber(property.Value, out var probability)
                || probability is < 0 or > 1)
            {
                return Rule;
            }

            read[property.Name] = probability;
        }

        probabilities = read;
        return null;
    }

    private static bool TryGetText(JsonElement item, string name, int maxLength, out string? text)
    {
        text = JsonFields.TryGetString(item, name, out var value) && value.Length > 0 && value.Length <= maxLength ? value : null;
        return text is not null;
    }

    private static (IReadOnlyList<PredictionRecord>?, FieldError?) Fail(FieldError error) => (null, error);
}