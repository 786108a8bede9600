using System.Text.Json;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>Reading one field of a posted JSON object.</summary>
internal static class JsonFields
{
    /// <summary>The field, when the object has it with a value other than null.</summary>
    public static bool TryGet(JsonElement item, string name, out JsonElement value) =>
        item.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The field's text, when it is a string that can be stored.</summary>
    public static bool TryGetString(JsonElement item, string name, out string text)
    {
        text = "";
        if (!TryGet(item, name, out var value) || value.ValueKind != JsonValueKind.String
            || StorableJson.Text(value, out _) is not { } stored)
        {
            return false;
        }

        text = stored;
        return true;
    }

    /// <summary>The field's value, when it is a number a double holds.</summary>
    public static bool TryGetNumber(JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out number) && double.IsFinite(number);
    }
}