using System.Globalization;
using System.Text.Json.Nodes;

namespace MlOps.Inference.Bench;

/// <summary>Predict request bodies built from the Pima rows (features only), serialized once before any measurement.</summary>
internal sealed class PredictBodies
{
    private PredictBodies(byte[][] singleRows, byte[][] batches)
    {
        SingleRows = singleRows;
        Batches = batches;
    }

    /// <summary>One JSON object per Pima row.</summary>
    public byte[][] SingleRows { get; }

    /// <summary><c>{"rows":[…]}</c> bodies of <see cref="BatchRows"/> rows each, cycling through the Pima rows.</summary>
    public byte[][] Batches { get; }

    public const int BatchRows = 1000;

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

        var singles = rows.Select(row => System.Text.Encoding.UTF8.GetBytes(row.ToJsonString())).ToArray();
        var batches = Enumerable.Range(0, 8).Select(b =>
        {
            var batch = new JsonArray([.. Enumerable.Range(0, BatchRows).Select(i => rows[(b * 97 + i) % rows.Count].DeepClone())]);
            return System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["rows"] = batch }.ToJsonString());
        }).ToArray();
        return new PredictBodies(singles, batches);
    }
}