using System.Diagnostics;

namespace MlOps.Inference.Bench;

/// <summary>
/// A closed-loop load: <c>concurrency</c> callers, each a thread of its own, send the next request as soon as the
/// previous one is answered, first for a warm-up, then for the measured duration. Every measured request's latency is
/// kept, and the CPU each part of the system used while they ran.
/// </summary>
internal static class ClosedLoop
{
    public static LoadResult Run(
        string path, int concurrency, int rowsPerRequest, TimeSpan warmUp, TimeSpan duration, Action<int> call, CpuUsage cpu)
    {
        RunFor(concurrency, warmUp, call, record: null);
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<long>(1 << 16)).ToArray();
        var before = cpu.Read();
        var watch = Stopwatch.StartNew();
        RunFor(concurrency, duration, call, latencies);
        var elapsed = watch.Elapsed;
        var after = cpu.Read();

        var all = latencies.SelectMany(list => list).Order().ToArray();
        if (all.Length == 0)
        {
            throw new InvalidOperationException($"{path}: no request was answered in {duration}.");
        }

        return new LoadResult(
            path, concurrency, rowsPerRequest, all.Length, elapsed, Milliseconds(all, 0.50), Milliseconds(all, 0.99),
            after.MicrosecondsPer(before, (double)all.Length * rowsPerRequest),
            (after.IdleSeconds - before.IdleSeconds) / (elapsed.TotalSeconds * Environment.ProcessorCount));
    }

    private static void RunFor(int concurrency, TimeSpan duration, Action<int> call, List<long>[]? record)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        Exception? failure = null;
        var callers = Enumerable.Range(0, concurrency).Select(worker => new Thread(() =>
        {
            try
            {
                for (var i = worker; ; i += concurrency)
                {
                    var started = Stopwatch.GetTimestamp();
                    if (started >= stopAt)
                    {
                        return;
                    }

                    call(i);
                    record?[worker].Add(Stopwatch.GetTimestamp() - started);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
            }
        })
        { IsBackground = true }).ToList();
        callers.ForEach(caller => caller.Start());
        callers.ForEach(caller => caller.Join());
        if (failure is not null)
        {
            throw new InvalidOperationException("A caller failed.", failure);
        }
    }

    private static double Milliseconds(long[] sorted, double quantile) =>
        sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(quantile * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}