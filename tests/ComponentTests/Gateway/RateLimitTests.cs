using System.Net;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_Retry_After_while_other_keys_go_on()
    {
        await using var backend = await RecordingBackend.StartAsync("inference-service");
        await using var gateway = GatewayHost.Start(
            [backend],
            new Dictionary<string, string?> { ["RateLimits:PermitsPerSecond"] = "1", ["RateLimits:Burst"] = "3" });
        var (_, writer) = await gateway.CreateKeyAsync("writer");

        HttpResponseMessage? rejected = null;
        for (var attempt = 0; attempt < 50 && rejected is null; attempt++)
        {
            var response = await gateway.SendAsync(HttpMethod.Post, "/api/inference/models/churn/predict", writer, new StringContent("{}"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(rejected);
        using (rejected)
        {
            await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.TooManyRequests);
            Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        }

        using var otherKey = await gateway.SendAsync(HttpMethod.Get, "/api/inference/models", GatewayHost.AdminKey);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }
}