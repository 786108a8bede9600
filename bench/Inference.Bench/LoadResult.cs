namespace MlOps.Inference.Bench;

/// <summary>
/// What one closed-loop load produced: requests and rows answered, how long it took, request latencies, the CPU each
/// part of the system spent per row (µs) and the share of the machine left idle.
/// </summary>
internal sealed record LoadResult(
    string Path, int Concurrency, int RowsPerRequest, long Requests, TimeSpan Elapsed, double P50Ms, double P99Ms,
    IReadOnlyDictionary<string, double> CpuPerRow, double IdleShare)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double RowsPerSecond => RequestsPerSecond * RowsPerRequest;
}