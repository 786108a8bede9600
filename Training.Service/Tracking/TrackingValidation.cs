using System.Text.RegularExpressions;

namespace MlOps.Training.Service.Tracking;

/// <summary>MLflow's limits on names, keys and values; each check answers with the field it concerns.</summary>
public static partial class TrackingValidation
{
    public const int MaxNameLength = 250;
    public const int MaxKeyLength = 250;
    public const int MaxParamValueLength = 6_000;
    public const int MaxTagValueLength = 8_000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;
    public const int MaxMetricsPerBatch = 1_000;

    public static Dictionary<string, string[]> Errors() => new(StringComparer.Ordinal);

    /// <summary>Experiment and run names: 1 to 250 characters, no control characters, no '/'.</summary>
    public static void CheckName(string? name, string field, IDictionary<string, string[]> errors, bool required = true)
    {
        if (name is null)
        {
            if (required)
            {
                errors[field] = [$"'{field}' is required."];
            }

            return;
        }

        if (name.Length is 0 or > MaxNameLength || name.Any(c => char.IsControl(c) || c == '/'))
        {
            errors[field] = [$"'{field}' must be 1 to {MaxNameLength} characters, without '/' or control characters."];
        }
    }

    public static void CheckKey(string? key, string field, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(key))
        {
            errors[field] = ["A key is required."];
        }
        else if (key.Length > MaxKeyLength)
        {
            errors[field] = [$"A key may have at most {MaxKeyLength} characters; this one has {key.Length}."];
        }
        else if (!KeyPattern().IsMatch(key))
        {
            errors[field] = ["A key may hold only letters, digits, '_', '-', '.', ' ' and '/'."];
        }
    }

    public static void CheckValue(string? value, int maxLength, string field, IDictionary<string, string[]> errors)
    {
        if (value is null)
        {
            errors[field] = ["A value is required."];
        }
        else if (value.Length > maxLength)
        {
            errors[field] = [$"A value here may have at most {maxLength} characters; this one has {value.Length}."];
        }
        else if (value.Contains('\0', StringComparison.Ordinal))
        {
            errors[field] = ["A value may not contain the character \\u0000."];
        }
    }

    public static void CheckTags(IReadOnlyDictionary<string, string?>? tags, string field, IDictionary<string, string[]> errors)
    {
        if (tags is null)
        {
            return;
        }

        if (tags.Count > MaxTagsPerBatch)
        {
            errors[field] = [$"At most {MaxTagsPerBatch} tags may be set at once."];
            return;
        }

        foreach (var (key, value) in tags)
        {
            CheckKey(key, $"{field}[{key}]", errors);
            CheckValue(value, MaxTagValueLength, $"{field}[{key}]", errors);
        }
    }

    public static Dictionary<string, string[]> Check(LogBatch batch)
    {
        var errors = Errors();
        CheckCount(batch.Params, MaxParamsPerBatch, "params", errors);
        CheckCount(batch.Metrics, MaxMetricsPerBatch, "metrics", errors);
        CheckCount(batch.Tags, MaxTagsPerBatch, "tags", errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        var firstValues = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < (batch.Params?.Count ?? 0); i++)
        {
            var param = batch.Params![i];
            if (param is null)
            {
                errors[$"params[{i}]"] = ["A param must be an object with key and value."];
                continue;
            }

            CheckKey(param.Key, $"params[{i}].key", errors);
            CheckValue(param.Value, MaxParamValueLength, $"params[{i}].value", errors);
            if (param.Key is not null && param.Value is not null
                && !firstValues.TryAdd(param.Key, param.Value) && firstValues[param.Key] != param.Value)
            {
                errors[$"params[{i}].value"] = [$"Param '{param.Key}' appears twice in the batch with different values."];
            }
        }

        for (var i = 0; i < (batch.Metrics?.Count ?? 0); i++)
        {
            var metric = batch.Metrics![i];
            if (metric is null)
            {
                errors[$"metrics[{i}]"] = ["A metric must be an object with key and value."];
                continue;
            }

            CheckKey(metric.Key, $"metrics[{i}].key", errors);
            if (metric.Value is not { } value || !double.IsFinite(value))
            {
                errors[$"metrics[{i}].value"] = ["A metric value must be a finite number."];
            }
        }

        for (var i = 0; i < (batch.Tags?.Count ?? 0); i++)
        {
            var tag = batch.Tags![i];
            if (tag is null)
            {
                errors[$"tags[{i}]"] = ["A tag must be an object with key and value."];
                continue;
            }

            CheckKey(tag.Key, $"tags[{i}].key", errors);
            CheckValue(tag.Value, MaxTagValueLength, $"tags[{i}].value", errors);
        }

        return errors;
    }

    private static void CheckCount<T>(IReadOnlyList<T>? items, int max, string field, IDictionary<string, string[]> errors)
    {
        if (items?.Count > max)
        {
            errors[field] = [$"At most {max} {field} may be logged in one batch; this one has {items.Count}."];
        }
    }

    [GeneratedRegex(@"^[\w\-. /]+$")]
    private static partial Regex KeyPattern();
}