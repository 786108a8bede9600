using System.Text.Json;

namespace MlOps.Telemetry.Service.Csv;

/// <summary>RFC 4180 cells.</summary>
public static class CsvCell
{
    /// <summary>The cell as written: quoted, with its quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A JSON value's text: strings as they are, null empty, objects and arrays as JSON.</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}