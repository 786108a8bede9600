namespace MlOps.Inference.Bench;

/// <summary>What one closed-loop load produced: requests and rows answered, how long it took, and request latencies.</summary>
internal sealed record LoadResult(string Path, int Concurrency, int RowsPerRequest, long Requests, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double RowsPerSecond => RequestsPerSecond * RowsPerRequest;
}