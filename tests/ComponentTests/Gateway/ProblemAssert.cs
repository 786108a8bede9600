using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

internal static class ProblemAssert
{
    /// <returns>The ProblemDetails body, after checking its status and media type.</returns>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}