using System.Globalization;
using System.Text;

namespace MlOps.Console.Exports;

/// <summary>RFC 4180 CSV: a header row, then one row per record; fields quoted where they need it.</summary>
public static class CsvFile
{
    public static IResult Create(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        AppendRow(text, header);
        foreach (var row in rows)
        {
            AppendRow(text, row);
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", fileName);
    }

    private static void AppendRow<T>(StringBuilder text, IReadOnlyList<T> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Escape(Format(fields[i])));
        }

        text.Append("\r\n");
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}