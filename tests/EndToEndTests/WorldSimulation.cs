using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.EndToEndTests;

/// <summary>
/// A generated world for the closed loop. Before the change: x1, x2, x3 standard normal, color a/b/c, and the label
/// is yes when x1 + x2 > 0. After it: x1 centred on 3 and x2 on −1.5 (where the training data hardly reaches) and the
/// label follows x3 > 0 instead — a model of the old world is right about half the time there.
/// </summary>
internal sealed class WorldSimulation(int seed)
{
    private static readonly string[] Colors = ["a", "b", "c"];
    private readonly Random _random = new(seed);

    public static string TrainingCsv(int rows, int seed)
    {
        var world = new WorldSimulation(seed);
        var csv = new StringBuilder("x1,x2,x3,color,label\n");
        for (var i = 0; i < rows; i++)
        {
            var (features, label) = world.Next(changed: false);
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{(double)features["x1"]!:R},{(double)features["x2"]!:R},{(double)features["x3"]!:R},{(string)features["color"]!},{label}\n"));
        }

        return csv.ToString();
    }

    /// <summary>One row's features and its true label, in the old world or the changed one.</summary>
    public (JsonObject Features, string Label) Next(bool changed)
    {
        var x1 = Normal() + (changed ? 3 : 0);
        var x2 = Normal() - (changed ? 1.5 : 0);
        var x3 = Normal();
        var color = Colors[_random.Next(Colors.Length)];
        var yes = changed ? x3 > 0 : x1 + x2 > 0;
        return (new JsonObject { ["x1"] = x1, ["x2"] = x2, ["x3"] = x3, ["color"] = color }, yes ? "yes" : "no");
    }

    private double Normal() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}