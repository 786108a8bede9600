using System.Globalization;

using Microsoft.Extensions.Primitives;

namespace MlOps.Console.Actions;

/// <summary>
/// The policy editor's form as the body of <c>PUT …/policy</c>: only the fields filled in, as JSON booleans, numbers,
/// lists or text. A value that does not parse is sent as the text typed, so the API's 400 names the field.
/// </summary>
public static class PolicyForm
{
    private static readonly string[] Booleans = ["autoRetrain", "autoPromote"];
    private static readonly string[] Integers = ["checkIntervalSeconds", "windowSeconds", "cooldownSeconds", "maxRetrainsPerDay", "minimumRows", "minLabeledRows"];
    private static readonly string[] Numbers = ["driftShare", "accuracyDrop", "promotionMargin"];
    private static readonly string[] Texts = ["method", "challengerMode"];

    public static Dictionary<string, object?> Body(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var body = new Dictionary<string, object?>();
        foreach (var (field, values) in form)
        {
            var text = values.ToString().Trim();
            if (field == "featureThreshold")
            {
                body[field] = text.Length == 0 ? null : Number(text);
            }
            else if (field == "criticalFeatures")
            {
                body[field] = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
            else if (text.Length == 0)
            {
                continue;
            }
            else if (Booleans.Contains(field))
            {
                body[field] = bool.TryParse(text, out var on) ? on : text;
            }
            else if (Integers.Contains(field))
            {
                body[field] = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : text;
            }
            else if (Numbers.Contains(field))
            {
                body[field] = Number(text);
            }
            else if (Texts.Contains(field))
            {
                body[field] = text;
            }
        }

        return body;
    }

    private static object Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : text;
}