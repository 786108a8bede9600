using System.Globalization;
using System.Text;

namespace MlOps.Ingest.Bench;

/// <summary>Batches of drowsiness events, each as the JSON array a client posts and as its single rows.</summary>
public sealed class EventBatches
{
    private EventBatches(IReadOnlyList<byte[]> bodies, IReadOnlyList<string[]> rows)
    {
        Bodies = bodies;
        Rows = rows;
    }

    public IReadOnlyList<byte[]> Bodies { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public static EventBatches Generate(int batches, int batchSize, int seed)
    {
        var random = new Random(seed);
        var bodies = new List<byte[]>(batches);
        var rows = new List<string[]>(batches);
        for (var b = 0; b < batches; b++)
        {
            var batch = new string[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                batch[i] = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"ear_value":{{random.NextDouble() * 0.4:F3}},"is_drowsy":{{(random.Next(4) == 0 ? "true" : "false")}},"duration_ms":{{random.Next(100, 9000)}},"driver":"d-{{random.Next(500)}}"}""");
            }

            rows.Add(batch);
            bodies.Add(Encoding.UTF8.GetBytes("[" + string.Join(',', batch) + "]"));
        }

        return new EventBatches(bodies, rows);
    }
}