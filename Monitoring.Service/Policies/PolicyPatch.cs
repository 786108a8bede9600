using System.Text.Json;

using MlOps.Monitoring.Service.Drift;

namespace MlOps.Monitoring.Service.Policies;

/// <summary>
/// Applies a partial policy: each field the body names replaces the current value (null restores the default for
/// the optional ones); fields it does not name stay as they are. Every problem is collected, keyed by field.
/// </summary>
public static class PolicyPatch
{
    private const int MaxRules = 50;

    public static MonitoringPolicy Apply(MonitoringPolicy current, JsonElement body, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["A policy is a JSON object of the fields to change."];
            return current;
        }

        var policy = current;
        var defaults = new MonitoringPolicy();
        foreach (var field in body.EnumerateObject())
        {
            var value = field.Value;
            void Fail(string message) => errors[field.Name] = [message];
            switch (field.Name)
            {
                case "autoRetrain" when Bool(value) is { } on: policy = policy with { AutoRetrain = on }; break;
                case "autoPromote" when Bool(value) is { } on: policy = policy with { AutoPromote = on }; break;
                case "minLabeledRows" when Int(value, 0, 10_000_000) is { } rows: policy = policy with { MinLabeledRows = rows }; break;
                case "checkIntervalSeconds" when Int(value, 1, 7 * 86_400) is { } seconds: policy = policy with { CheckIntervalSeconds = seconds }; break;
                case "windowSeconds" when Int(value, 1, 90 * 86_400) is { } seconds: policy = policy with { WindowSeconds = seconds }; break;
                case "cooldownSeconds" when Int(value, 0, 90 * 86_400) is { } seconds: policy = policy with { CooldownSeconds = seconds }; break;
                case "maxRetrainsPerDay" when Int(value, 0, 1000) is { } count: policy = policy with { MaxRetrainsPerDay = count }; break;
                case "promotionMargin" when Number(value, -1, 1) is { } margin: policy = policy with { PromotionMargin = margin }; break;
                case "evaluationFraction" when Number(value, 0.05, 0.9) is { } fraction: policy = policy with { EvaluationFraction = fraction }; break;
                case "driftShare" when Number(value, 1e-9, 1) is { } share: policy = policy with { DriftShare = share }; break;
                case "criticalFeatures" when Strings(value) is { } features: policy = policy with { CriticalFeatures = features }; break;
                case "method" when value.ValueKind == JsonValueKind.String && Methods.Contains(value.GetString()!):
                    policy = policy with { Method = value.GetString()! };
                    break;
                case "featureThreshold" when value.ValueKind == JsonValueKind.Null: policy = policy with { FeatureThreshold = null }; break;
                case "featureThreshold" when Number(value, 0, 1000) is { } threshold: policy = policy with { FeatureThreshold = threshold }; break;
                case "minimumRows" when Int(value, 1, 10_000_000) is { } rows: policy = policy with { MinimumRows = rows }; break;
                case "conceptMinLabeledRows" when Int(value, 1, 10_000_000) is { } rows: policy = policy with { ConceptMinLabeledRows = rows }; break;
                case "accuracyDrop" when Number(value, 0, 1) is { } drop: policy = policy with { AccuracyDrop = drop }; break;
                case "dataset" when value.ValueKind == JsonValueKind.Null: policy = policy with { Dataset = null, DatasetVersion = null }; break;
                case "dataset" when value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 100 } name:
                    policy = policy with { Dataset = name };
                    break;
                case "datasetVersion" when value.ValueKind == JsonValueKind.Null: policy = policy with { DatasetVersion = null }; break;
                case "datasetVersion" when Int(value, 1, int.MaxValue) is { } version: policy = policy with { DatasetVersion = version }; break;
                case "productionSince" when value.ValueKind == JsonValueKind.Null: policy = policy with { ProductionSince = null }; break;
                case "productionSince" when value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var since):
                    policy = policy with { ProductionSince = since };
                    break;
                case "challengerMode" when value.ValueKind == JsonValueKind.String && value.GetString() is "single" or "shadow":
                    policy = policy with { ChallengerMode = value.GetString()! };
                    break;
                case "rules" when value.ValueKind == JsonValueKind.Null: policy = policy with { Rules = null }; break;
                case "rules": policy = policy with { Rules = Rules(value, errors) ?? policy.Rules }; break;
                case "autoRetrain" or "autoPromote": Fail("Expected true or false."); break;
                case "minLabeledRows" or "minimumRows" or "conceptMinLabeledRows": Fail("Expected a whole number of rows, at least 0 (1 for the minimums)."); break;
                case "checkIntervalSeconds": Fail("Expected whole seconds from 1 to 604800 (a week)."); break;
                case "windowSeconds" or "cooldownSeconds": Fail("Expected whole seconds from 0 to 7776000 (90 days)."); break;
                case "maxRetrainsPerDay": Fail("Expected a whole number from 0 to 1000."); break;
                case "promotionMargin": Fail("Expected a number from -1 to 1."); break;
                case "evaluationFraction": Fail("Expected a fraction from 0.05 to 0.9."); break;
                case "driftShare": Fail("Expected a share above 0 and at most 1."); break;
                case "accuracyDrop": Fail("Expected a number from 0 to 1."); break;
                case "criticalFeatures": Fail("Expected an array of feature names."); break;
                case "method": Fail($"Expected one of {string.Join(", ", Methods)}."); break;
                case "featureThreshold": Fail("Expected a non-negative number, or null for the method's own threshold."); break;
                case "dataset": Fail("Expected a dataset name of 1 to 100 characters, or null for the champion's own."); break;
                case "datasetVersion": Fail("Expected a version number from 1, or null for the latest."); break;
                case "productionSince": Fail("Expected an ISO 8601 time with an offset, or null."); break;
                case "challengerMode": Fail("Expected single or shadow."); break;
                default: Fail($"Unknown policy field; the fields are {string.Join(", ", Fields)}."); break;
            }
        }

        return policy;
    }

    private static readonly string[] Methods = ["auto", .. Enum.GetValues<DriftMethod>().Where(method => method != DriftMethod.Auto).Select(method => method.Name())];

    private static readonly string[] Fields =
    [
        "autoRetrain", "autoPromote", "minLabeledRows", "checkIntervalSeconds", "windowSeconds", "cooldownSeconds",
        "maxRetrainsPerDay", "promotionMargin", "evaluationFraction", "driftShare", "criticalFeatures", "method",
        "featureThreshold", "minimumRows", "conceptMinLabeledRows", "accuracyDrop", "dataset", "datasetVersion",
        "productionSince", "challengerMode", "rules",
    ];

    private static List<AlertRule>? Rules(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxRules)
        {
            errors["rules"] = [$"Expected an array of at most {MaxRules} rules, or null for the defaults."];
            return null;
        }

        var rules = new List<AlertRule>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = $"rules[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors[at] = ["A rule is an object {metric, feature?, op, threshold, action}."];
                continue;
            }

            var metric = Text(item, "metric");
            var feature = Text(item, "feature");
            var op = Text(item, "op") ?? ">=";
            var action = Text(item, "action") ?? "notify";
            var threshold = item.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number && double.IsFinite(t.GetDouble()) ? t.GetDouble() : (double?)null;
            var before = errors.Count;
            if (metric is null || !AlertRule.Metrics.Contains(metric))
            {
                errors[$"{at}.metric"] = [$"Expected one of {string.Join(", ", AlertRule.Metrics)}."];
            }
            else if (feature is not null && metric != "psi")
            {
                errors[$"{at}.feature"] = ["Only a psi rule names a feature."];
            }

            if (!AlertRule.Ops.Contains(op))
            {
                errors[$"{at}.op"] = [$"Expected one of {string.Join(", ", AlertRule.Ops)}."];
            }

            if (threshold is null)
            {
                errors[$"{at}.threshold"] = ["Expected a finite number."];
            }

            if (!AlertRule.Actions.Contains(action))
            {
                errors[$"{at}.action"] = [$"Expected one of {string.Join(", ", AlertRule.Actions)}."];
            }

            if (errors.Count == before)
            {
                rules.Add(new AlertRule(metric!, feature, op, threshold!.Value, action));
            }
        }

        return rules;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? Bool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static int? Int(JsonElement value, int min, int max) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max ? number : null;

    private static double? Number(JsonElement value, double min, double max) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && double.IsFinite(number) && number >= min && number <= max ? number : null;

    private static List<string>? Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 1000 && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(item => item.GetString()!)]
            : null;
}