namespace MlOps.Telemetry.Service.EventStreams;

public sealed class EventStreamOptions
{
    /// <summary>The most events one POST may carry; more is a 413.</summary>
    public int MaxEventsPerRequest { get; set; } = 10_000;

    /// <summary>The largest request body accepted, in bytes; more is a 413.</summary>
    public long MaxBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The most events one GET returns.</summary>
    public int MaxPageSize { get; set; } = 100_000;
}