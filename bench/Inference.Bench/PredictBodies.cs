using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.Inference.Bench;

/// <summary>Predict request bodies built from the Pima rows (features only), serialized once before any measurement.</summary>
internal sealed class PredictBodies
{
    public const int BatchRows = 1000;

    private readonly List<JsonObject> _rows;

    private PredictBodies(List<JsonObject> rows)
    {
        _rows = rows;
        SingleRows = [.. rows.Select(row => Encoding.UTF8.GetBytes(row.ToJsonString()))];
        Batches = BatchesOf(BatchRows);
    }

    /// <summary>One JSON object per Pima row.</summary>
    public byte[][] SingleRows { get; }

    /// <summary><see cref="BatchesOf"/> <see cref="BatchRows"/> rows.</summary>
    public byte[][] Batches { get; }

    public static async Task<PredictBodies> ReadAsync(string csvPath, string label)
    {
        var lines = (await File.ReadAllLinesAsync(csvPath)).Where(line => line.Length > 0).ToList();
        var header = lines[0].Split(',').Select(name => name.Trim('"')).ToArray();
        var rows = lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            var row = new JsonObject();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] != label)
                {
                    row[header[i]] = double.Parse(cells[i], CultureInfo.InvariantCulture);
                }
            }

            return row;
        }).ToList();
        return new PredictBodies(rows);
    }

    /// <summary>Eight <c>{"rows":[…]}</c> bodies of <paramref name="size"/> rows each, cycling through the Pima rows.</summary>
    public byte[][] BatchesOf(int size) =>
    [
        .. Enumerable.Range(0, 8).Select(b =>
        {
            var batch = new JsonArray([.. Enumerable.Range(0, size).Select(i => _rows[(b * 97 + i) % _rows.Count].DeepClone())]);
            return Encoding.UTF8.GetBytes(new JsonObject { ["rows"] = batch }.ToJsonString());
        }),
    ];
}