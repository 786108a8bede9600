using System.Diagnostics;

namespace MlOps.Ingest.Bench;

public sealed record Measurement(string Path, long Events, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    /// <summary>Runs <paramref name="work"/> over every batch with <paramref name="concurrency"/> batches in flight.</summary>
    public static async Task<Measurement> RunAsync(
        string path, int batches, int batchSize, int concurrency, Func<int, Task> work)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
            {
                await work(batch);
            }
        }));
        return new Measurement(path, (long)batches * batchSize, watch.Elapsed);
    }
}