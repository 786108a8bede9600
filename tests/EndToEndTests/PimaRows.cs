using System.Globalization;
using System.Text.Json.Nodes;

namespace MlOps.EndToEndTests;

/// <summary>The Pima dataset the end-to-end tests upload, and its rows as predict requests (features only).</summary>
internal static class PimaRows
{
    public static string CsvPath => Path.Combine(AppContext.BaseDirectory, "Data", "pima-diabetes.csv");

    public static async Task<List<JsonObject>> ReadAsync()
    {
        var lines = (await File.ReadAllLinesAsync(CsvPath)).Where(line => line.Length > 0).ToList();
        var header = lines[0].Split(',').Select(name => name.Trim('"')).ToArray();
        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            var row = new JsonObject();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] != "diabetes")
                {
                    row[header[i]] = double.Parse(cells[i], CultureInfo.InvariantCulture);
                }
            }

            return row;
        }).ToList();
    }
}