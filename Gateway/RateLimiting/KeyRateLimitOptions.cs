using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.RateLimiting;

/// <summary>Configuration section <c>RateLimits</c>: a token bucket per API key.</summary>
public sealed class KeyRateLimitOptions
{
    public const string SectionName = "RateLimits";

    [Range(1, int.MaxValue)]
    public int PermitsPerSecond { get; set; } = 2000;

    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 4000;
}