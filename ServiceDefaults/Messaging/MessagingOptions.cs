namespace MlOps.ServiceDefaults.Messaging;

/// <summary>How a failing consumer is retried before its message moves to the <c>_error</c> queue.</summary>
public sealed class MessagingOptions
{
    public int RetryLimit { get; set; } = 5;

    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryIntervalDelta { get; set; } = TimeSpan.FromMilliseconds(500);
}