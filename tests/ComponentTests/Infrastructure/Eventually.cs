using Xunit;

namespace MlOps.ComponentTests.Infrastructure;

/// <summary>Waits for something asynchronous (a relay, a delivery, a reconnect) to become true.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> when it never does.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? DefaultWait);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {within ?? DefaultWait}: {what}");
            await Task.Delay(200);
        }
    }
}