using System.Diagnostics;

using MlOps.ServiceDefaults.Telemetry;

using OpenTelemetry.Trace;

using Xunit;

namespace MlOps.ComponentTests.Platform;

public sealed class RateLimitingSamplerTests
{
    private static readonly SamplingParameters Root = new(default, ActivityTraceId.CreateRandom(), "GET /", ActivityKind.Server);

    [Fact]
    public void Samples_the_first_trace_drops_the_next_within_the_interval_and_samples_again_after_it()
    {
        var sampler = new RateLimitingSampler(tracesPerSecond: 5);

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root).Decision);

        Thread.Sleep(TimeSpan.FromMilliseconds(250));
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root).Decision);
    }

    [Fact]
    public void Threads_racing_for_one_interval_sample_exactly_one_trace()
    {
        var sampler = new RateLimitingSampler(tracesPerSecond: 0.01);
        var sampled = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (sampler.ShouldSample(Root).Decision == SamplingDecision.RecordAndSample)
            {
                Interlocked.Increment(ref sampled);
            }
        });

        Assert.Equal(1, sampled);
    }
}