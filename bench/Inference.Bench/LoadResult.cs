namespace MlOps.Inference.Bench;

/// <summary>
/// What one closed-loop load produced: requests and rows answered, how long it took, request latencies, the CPU each
/// part of the system spent per row (µs) and the share of the machine left idle; for calls over HTTP, the share of
/// the rows served that reached the prediction log (the rest were dropped and counted by Inference) and how long the
/// log took to catch up once the load stopped.
/// </summary>
internal sealed record LoadResult(
    string Path, int Concurrency, int RowsPerRequest, long Requests, TimeSpan Elapsed, double P50Ms, double P99Ms,
    IReadOnlyDictionary<string, double> CpuPerRow, double IdleShare)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double RowsPerSecond => RequestsPerSecond * RowsPerRequest;

    public double? LoggedShare { get; init; }

    public TimeSpan? LogCatchUp { get; init; }
}