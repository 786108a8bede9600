using MlOps.Contracts.IntegrationEvents;

namespace MlOps.Log.Bench;

/// <summary>
/// A day of a Pima-like model's predictions as Inference logs them: blocks of one version's rows, eight single-precision
/// features, two classes with probabilities, latencies of a few milliseconds; one block in ten is the challenger's.
/// </summary>
public static class LoggedBlocks
{
    public const string Tenant = "bench";
    public const string Model = "pima";
    private static readonly string[] Features = ["pregnant", "glucose", "pressure", "triceps", "insulin", "mass", "pedigree", "age"];
    private static readonly string[] Classes = ["neg", "pos"];

    /// <summary>Writes the blocks; <paramref name="labelled"/> receives the ids of champion rows, in serving order.</summary>
    public static List<byte[]> Write(int rows, int blockRows, DateTimeOffset from, TimeSpan span, List<Guid> labelled, int seed)
    {
        var random = new Random(seed);
        var blocks = new List<byte[]>();
        var count = (rows + blockRows - 1) / blockRows;
        var step = span / rows;
        var probabilities = new double[2];
        for (var block = 0; block < count; block++)
        {
            var challenger = block % 10 == 9;
            var writer = new PredictionBatchWriter();
            var inputs = Features.Select(name => writer.Input(name, single: true)).ToArray();
            for (var i = 0; i < blockRows && (block * blockRows) + i < rows; i++)
            {
                var row = (block * blockRows) + i;
                var id = Guid.CreateVersion7();
                var positive = random.NextDouble();
                probabilities[0] = 1 - positive;
                probabilities[1] = positive;
                writer.Add(id, Tenant, Model, challenger ? 2 : 1, challenger ? "challenger" : "champion", positive >= 0.5 ? "pos" : "neg",
                    null, Classes, probabilities, 0.5 + (random.NextDouble() * random.NextDouble() * 20), from + (step * row));
                for (var feature = 0; feature < inputs.Length; feature++)
                {
                    inputs[feature].Number((float)Math.Round(random.NextDouble() * 200, 1));
                }

                if (!challenger)
                {
                    labelled.Add(id);
                }
            }

            blocks.Add(writer.ToParquet());
        }

        return blocks;
    }
}