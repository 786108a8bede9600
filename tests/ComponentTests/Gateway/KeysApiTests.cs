using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Xunit;

namespace MlOps.ComponentTests.Gateway;

public sealed class KeysApiTests
{
    [Fact]
    public async Task A_created_key_works_is_listed_without_secrets_and_stops_working_once_deleted()
    {
        await using var backend = await RecordingBackend.StartAsync("telemetry-service");
        await using var gateway = GatewayHost.Start([backend]);

        using var created = await gateway.SendAsync(
            HttpMethod.Post, "/api/keys", GatewayHost.AdminKey, JsonContent.Create(new { tenant = "acme", role = "writer", name = "ingest" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = key.GetProperty("id").GetString()!;
        var secret = key.GetProperty("key").GetString()!;
        Assert.StartsWith("mlops_", secret);
        Assert.Equal("acme", key.GetProperty("tenant").GetString());
        Assert.Equal("writer", key.GetProperty("role").GetString());
        Assert.Equal("ingest", key.GetProperty("name").GetString());
        Assert.True(key.TryGetProperty("createdAt", out _));
        Assert.Equal($"/api/keys/{id}", created.Headers.Location?.OriginalString);

        using var routed = await gateway.SendAsync(HttpMethod.Post, "/api/telemetry/events/drowsiness", secret, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);

        using var list = await gateway.SendAsync(HttpMethod.Get, "/api/keys", GatewayHost.AdminKey);
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(id, listed);
        Assert.DoesNotContain(secret, listed);
        Assert.DoesNotContain(Sha256(secret), listed);
        var entries = JsonDocument.Parse(listed).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, entry => Assert.Equal(["id", "tenant", "role", "name", "createdAt"], entry.EnumerateObject().Select(property => property.Name)));

        using var deleted = await gateway.SendAsync(HttpMethod.Delete, $"/api/keys/{id}", GatewayHost.AdminKey);
        using var afterDelete = await gateway.SendAsync(HttpMethod.Get, "/api/telemetry/statistics", secret);
        using var getDeleted = await gateway.SendAsync(HttpMethod.Get, $"/api/keys/{id}", GatewayHost.AdminKey);
        using var deletedAgain = await gateway.SendAsync(HttpMethod.Delete, $"/api/keys/{id}", GatewayHost.AdminKey);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsProblemAsync(afterDelete, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(getDeleted, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(deletedAgain, HttpStatusCode.NotFound);
        Assert.Single(backend.Requests);
    }

    [Fact]
    public async Task A_key_can_ask_who_it_is_and_a_wrong_key_cannot()
    {
        await using var gateway = GatewayHost.Start([]);
        var (id, reader) = await gateway.CreateKeyAsync("reader", tenant: "acme");

        using var me = await gateway.SendAsync(HttpMethod.Get, "/api/keys/me", reader);
        using var wrong = await gateway.SendAsync(HttpMethod.Get, "/api/keys/me", "mlops_not_a_key");
        using var readerListing = await gateway.SendAsync(HttpMethod.Get, "/api/keys", reader);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("acme", body.GetProperty("tenant").GetString());
        Assert.Equal("reader", body.GetProperty("role").GetString());
        await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(readerListing, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("Acme", "reader", "tenant")]
    [InlineData("", "reader", "tenant")]
    [InlineData("a-tenant-name-that-is-far-too-long-to-be-accepted-by-the-gateway-x", "reader", "tenant")]
    [InlineData("acme", "root", "role")]
    [InlineData("acme", null, "role")]
    public async Task Invalid_input_is_a_validation_problem_naming_the_field(string tenant, string? role, string field)
    {
        await using var gateway = GatewayHost.Start([]);

        using var response = await gateway.SendAsync(HttpMethod.Post, "/api/keys", GatewayHost.AdminKey, JsonContent.Create(new { tenant, role }));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
    }

    [Fact]
    public async Task The_store_file_holds_hashes_only_and_a_new_gateway_on_it_accepts_the_keys()
    {
        var directory = Directory.CreateTempSubdirectory("mlops-gateway-keys-");
        var storePath = Path.Combine(directory.FullName, "keys", "api-keys.json");
        try
        {
            await using var backend = await RecordingBackend.StartAsync("registry-service");
            string secret;
            await using (var first = GatewayHost.Start([backend], new Dictionary<string, string?> { ["ApiKeys:StorePath"] = storePath }))
            {
                (_, secret) = await first.CreateKeyAsync("reader");
            }

            var stored = await File.ReadAllTextAsync(storePath);
            Assert.DoesNotContain(secret, stored);
            Assert.DoesNotContain(GatewayHost.AdminKey, stored);
            Assert.Contains(Sha256(secret), stored);
            Assert.Contains(Sha256(GatewayHost.AdminKey), stored);
            Assert.Equal([Path.GetFileName(storePath)], Directory.GetFiles(Path.GetDirectoryName(storePath)!).Select(Path.GetFileName));

            await using var second = GatewayHost.Start(
                [backend],
                new Dictionary<string, string?> { ["ApiKeys:StorePath"] = storePath, ["ApiKeys:Bootstrap"] = null });
            using var reader = await second.SendAsync(HttpMethod.Get, "/api/registry/models", secret);
            using var admin = await second.SendAsync(HttpMethod.Get, "/api/keys", GatewayHost.AdminKey);

            Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_last_admin_key_cannot_be_deleted()
    {
        await using var gateway = GatewayHost.Start([]);
        using var list = await gateway.SendAsync(HttpMethod.Get, "/api/keys", GatewayHost.AdminKey);
        var bootstrap = Assert.Single((await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());

        using var response = await gateway.SendAsync(HttpMethod.Delete, $"/api/keys/{bootstrap.GetProperty("id").GetString()}", GatewayHost.AdminKey);
        using var stillWorks = await gateway.SendAsync(HttpMethod.Get, "/api/keys", GatewayHost.AdminKey);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    private static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}