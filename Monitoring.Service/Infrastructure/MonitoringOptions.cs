namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>The <c>Monitoring</c> configuration section.</summary>
public sealed class MonitoringOptions
{
    /// <summary>The width of a time bucket of live counts; drift windows are made of whole buckets.</summary>
    public TimeSpan Bucket { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the scheduler looks for models whose check interval has passed.</summary>
    public TimeSpan SchedulerPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often rows waiting for an unreachable registry are tried again.</summary>
    public TimeSpan WaitingRowsRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most drift reports one list answer holds.</summary>
    public int MaxReportsPerPage { get; set; } = 100;

    public DateTimeOffset BucketOf(DateTimeOffset time)
    {
        var ticks = Bucket.Ticks;
        var utc = time.UtcTicks;
        return new DateTimeOffset(utc - utc % ticks, TimeSpan.Zero);
    }
}