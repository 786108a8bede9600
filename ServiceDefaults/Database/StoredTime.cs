namespace MlOps.ServiceDefaults.Database;

/// <summary>Times cut to the microseconds PostgreSQL keeps, so what a call returns equals what is read back.</summary>
public static class StoredTime
{
    public static DateTimeOffset Now() => Truncate(DateTimeOffset.UtcNow);

    public static DateTimeOffset Truncate(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}