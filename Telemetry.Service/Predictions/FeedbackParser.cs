using System.Globalization;
using System.Text.Json;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// Reads posted ground truth: one <c>{"predictionId", "actual"}</c> object or an array of them. The actual is a
/// non-empty string or a number; a number is kept as text in its shortest round-trip form, so 1.0 and 1 are one label.
/// </summary>
public static class FeedbackParser
{
    public const int MaxActualLength = 1000;
    private const string Body = JsonBody.Field;

    /// <param name="isArray">Whether the body was an array, so the answer can be one too.</param>
    public static (IReadOnlyList<FeedbackItem>? Items, FieldError? Error) Parse(ReadOnlyMemory<byte> body, int maxItems, out bool isArray)
    {
        isArray = false;
        if (JsonBody.Parse(body, out var invalid) is not { } document)
        {
            return Fail(invalid!);
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    var (single, singleError) = Read(root, "");
                    return singleError is null ? (new[] { single! }, null) : Fail(singleError);
                case JsonValueKind.Array:
                    isArray = true;
                    break;
                default:
                    return Fail(FieldError.Invalid(Body, "Send one {\"predictionId\", \"actual\"} object or an array of them."));
            }

            var count = root.GetArrayLength();
            if (count == 0)
            {
                return Fail(FieldError.Invalid(Body, "The array holds no feedback."));
            }

            if (count > maxItems)
            {
                return Fail(new FieldError(StatusCodes.Status413PayloadTooLarge, Body, $"A request may carry at most {maxItems} labels."));
            }

            var items = new List<FeedbackItem>(count);
            var positions = new Dictionary<Guid, int>(count);
            foreach (var element in root.EnumerateArray())
            {
                var at = $"[{items.Count}]";
                var (item, error) = Read(element, at);
                if (error is not null)
                {
                    return Fail(error);
                }

                if (!positions.TryAdd(item!.PredictionId, items.Count))
                {
                    return Fail(FieldError.Invalid($"{at}.predictionId",
                        $"This prediction id is also at [{positions[item.PredictionId]}]; send one label per prediction."));
                }

                items.Add(item);
            }

            return (items, null);
        }
    }

    private static (FeedbackItem? Item, FieldError? Error) Read(JsonElement element, string at)
    {
        var prefix = at.Length == 0 ? "" : at + ".";
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, FieldError.Invalid(at, "Each label is a {\"predictionId\", \"actual\"} object."));
        }

        if (!JsonFields.TryGetString(element, "predictionId", out var idText) || !Guid.TryParse(idText, out var predictionId)
            || predictionId == Guid.Empty)
        {
            return (null, FieldError.Invalid($"{prefix}predictionId", "A prediction id is a GUID, such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301."));
        }

        const string ActualRule = "The actual is the true label: a non-empty string of at most 1000 characters, or a number.";
        if (!JsonFields.TryGet(element, "actual", out var actual))
        {
            return (null, FieldError.Invalid($"{prefix}actual", ActualRule));
        }

        if (JsonFields.TryGetNumber(actual, out var number))
        {
            return (new FeedbackItem(predictionId, number.ToString(CultureInfo.InvariantCulture), number), null);
        }

        if (!JsonFields.TryGetString(element, "actual", out var text) || string.IsNullOrWhiteSpace(text) || text.Length > MaxActualLength)
        {
            return (null, FieldError.Invalid($"{prefix}actual", ActualRule));
        }

        var numeric = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed);
        return (new FeedbackItem(predictionId, text, numeric ? parsed : null), null);
    }

    private static (IReadOnlyList<FeedbackItem>?, FieldError?) Fail(FieldError error) => (null, error);
}