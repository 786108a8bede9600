using System.Diagnostics;

using OpenTelemetry.Trace;

namespace MlOps.ServiceDefaults.Telemetry;

/// <summary>
/// Samples at most one new trace per interval and drops the rest: a request made by hand is always traced, while
/// under load the spans recorded and exported stay a few per second instead of three per request (recording and
/// exporting every one would cost more CPU than serving the request). Used as the root of a parent-based sampler,
/// so a trace is kept or dropped whole across the services.
/// </summary>
public sealed class RateLimitingSampler(double tracesPerSecond) : Sampler
{
    private static readonly SamplingResult s_sample = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult s_drop = new(SamplingDecision.Drop);

    private readonly long _interval = (long)(Stopwatch.Frequency / tracesPerSecond);
    private long _nextSample;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        long now = Stopwatch.GetTimestamp();
        long next = Volatile.Read(ref _nextSample);
        return now >= next && Interlocked.CompareExchange(ref _nextSample, now + _interval, next) == next ? s_sample : s_drop;
    }
}