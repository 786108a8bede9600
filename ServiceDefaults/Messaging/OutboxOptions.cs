namespace MlOps.ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    /// <summary>How long the dispatcher sleeps when it found nothing to relay.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one publish may wait for the broker before the message is retried later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long relayed messages are kept before they are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}