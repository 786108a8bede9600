using System.Diagnostics;

namespace MlOps.SystemHarness;

/// <summary>One path's wall-clock times: the first (cold) run apart, then the timed repetitions.</summary>
public sealed record Timing(string Path, double FirstMs, IReadOnlyList<double> RepeatedMs)
{
    public double MedianMs
    {
        get
        {
            var sorted = RepeatedMs.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public double MaxMs => RepeatedMs.Max();

    /// <summary>Runs <paramref name="work"/> once cold, then <paramref name="repetitions"/> times for the median and max; returns the last result.</summary>
    public static async Task<(Timing Timing, T Result)> MeasureAsync<T>(string path, int repetitions, Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        var result = await work();
        var first = watch.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            watch.Restart();
            result = await work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (new Timing(path, first, times), result);
    }
}