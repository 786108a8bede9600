using System.Globalization;
using System.Threading.RateLimiting;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

using MlOps.Gateway.Authentication;

namespace MlOps.Gateway.RateLimiting;

/// <summary>One token bucket per API key; runs after authorization, so every request here has a key.</summary>
internal sealed class PerKeyRateLimiterPolicy(IOptions<KeyRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "PerKey";

    private readonly TokenBucketRateLimiterOptions _bucket = new()
    {
        TokenLimit = options.Value.Burst,
        TokensPerPeriod = options.Value.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetTokenBucketLimiter(httpContext.User.FindFirst(ApiKeyClaimTypes.KeyId)?.Value ?? string.Empty, _ => _bucket);

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: $"This API key is over its rate limit; retry after {seconds} s.")
            .ExecuteAsync(context.HttpContext);
    }
}