using System.Diagnostics;

namespace MlOps.Inference.Bench;

/// <summary>
/// A closed-loop load: <c>concurrency</c> callers each send the next request as soon as the previous one is answered,
/// first for a warm-up, then for the measured duration. Every measured request's latency is kept.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(
        string path, int concurrency, int rowsPerRequest, TimeSpan warmUp, TimeSpan duration, Func<int, Task> call)
    {
        await RunForAsync(concurrency, warmUp, call, record: null);
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<long>(1 << 16)).ToArray();
        var watch = Stopwatch.StartNew();
        await RunForAsync(concurrency, duration, call, latencies);
        var elapsed = watch.Elapsed;

        var all = latencies.SelectMany(list => list).Order().ToArray();
        if (all.Length == 0)
        {
            throw new InvalidOperationException($"{path}: no request was answered in {duration}.");
        }

        return new LoadResult(path, concurrency, rowsPerRequest, all.Length, elapsed, Milliseconds(all, 0.50), Milliseconds(all, 0.99));
    }

    private static async Task RunForAsync(int concurrency, TimeSpan duration, Func<int, Task> call, List<long>[]? record)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; ; i += concurrency)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= stopAt)
                {
                    return;
                }

                await call(i);
                record?[worker].Add(Stopwatch.GetTimestamp() - started);
            }
        })));
    }

    private static double Milliseconds(long[] sorted, double quantile) =>
        sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(quantile * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}