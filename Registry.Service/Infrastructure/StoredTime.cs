namespace MlOps.Registry.Service.Infrastructure;

internal static class StoredTime
{
    /// <summary>Now, cut to the microseconds PostgreSQL keeps, so what a call returns equals what is read back.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}