using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using MlOps.ComponentTests.Gateway;
using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.ModelPackages;

using Xunit;

namespace MlOps.ComponentTests.Registry;

[Collection(PlatformCollection.Name)]
public sealed class VersionsApiTests(PlatformServers servers) : IAsyncLifetime
{
    private RegistryService _service = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _service = new RegistryService(servers);
        _client = _service.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Uploads_become_versions_1_and_2_with_metrics_manifest_lineage_and_author()
    {
        var first = await RegistryPackages.ForAsync("churn", seed: 1);

        var created = await RegistryService.UploadAsync(_client, "churn", first, description: "baseline");
        var second = await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn", seed: 2));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/registry/models/churn/versions/1", created.Headers.Location?.OriginalString);
        var v1 = await RegistryService.JsonAsync(created);
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), v1.GetProperty("sha256").GetString());
        Assert.Equal(first.Length, v1.GetProperty("size").GetInt64());
        Assert.Equal("active", v1.GetProperty("status").GetString());
        Assert.Equal("baseline", v1.GetProperty("description").GetString());
        Assert.Equal(0.89, v1.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(0.8, v1.GetProperty("metrics").GetProperty("crossValidated").GetProperty("f1").GetDouble());
        Assert.Equal("churn", v1.GetProperty("manifest").GetProperty("model").GetString());
        Assert.Equal("binary", v1.GetProperty("manifest").GetProperty("task").GetString());
        Assert.Equal("customers", v1.GetProperty("lineage").GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal("key-ci", v1.GetProperty("createdBy").GetProperty("keyId").GetString());
        Assert.Equal("acme", v1.GetProperty("createdBy").GetProperty("tenant").GetString());

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, (await RegistryService.JsonAsync(second)).GetProperty("version").GetInt32());

        var versions = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/versions");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var model = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn");
        Assert.Equal(2, model.GetProperty("latestVersion").GetProperty("version").GetInt32());
        Assert.Equal("single", model.GetProperty("deployment").GetProperty("mode").GetString());
        var fetched = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/versions/1");
        Assert.Equal(v1.GetProperty("sha256").GetString(), fetched.GetProperty("sha256").GetString());
        Assert.Equal(v1.GetProperty("createdAt").GetDateTimeOffset(), fetched.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Concurrent_uploads_take_distinct_consecutive_versions()
    {
        var packages = await Task.WhenAll(Enumerable.Range(0, 6).Select(seed => RegistryPackages.ForAsync("race", seed)));

        var responses = await Task.WhenAll(packages.Select(package => RegistryService.UploadAsync(_client, "race", package)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        var versions = await Task.WhenAll(responses.Select(async r => (await RegistryService.JsonAsync(r)).GetProperty("version").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 6), versions.Order());
    }

    [Fact]
    public async Task The_artifact_comes_back_byte_identical_with_its_sha256_as_etag_and_304_when_unchanged()
    {
        var package = await RegistryPackages.ForAsync("churn", seed: 7);
        await RegistryService.UploadAsync(_client, "churn", package);
        await RegistryService.UploadAsync(_client, "churn", package, mediaType: "application/octet-stream");

        var download = await _client.GetAsync("/api/registry/models/churn/versions/1/artifact");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(package, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        var etag = download.Headers.ETag!;
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(package))}\"", etag.Tag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/registry/models/churn/versions/2/artifact");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await _client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        Assert.Equal(1, await _service.CountAsync("artifacts"));
    }

    [Fact]
    public async Task A_package_larger_than_one_chunk_is_stored_in_chunks_and_read_back_whole()
    {
        await using var service = new RegistryService(servers, maxPackageBytes: 10_000_000, maxInflatedBytes: 10_000_000);
        var client = service.CreateClient();
        var weights = new byte[2_500_000];
        new Random(3).NextBytes(weights);
        var package = await TestPackages.WriteAsync(
            TestPackages.Manifest() with { Model = "big" },
            TestPackages.Zip(("Model/Weights", weights, CompressionLevel.NoCompression)));

        var created = await RegistryService.UploadAsync(client, "big", package);
        var download = await client.GetByteArrayAsync("/api/registry/models/big/versions/1/artifact");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(3, await service.CountAsync("artifact_chunks"));
        Assert.Equal(package, download);
    }

    [Fact]
    public async Task A_corrupted_artifact_is_refused_and_never_served()
    {
        await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn"));
        await _service.ExecuteAsync("UPDATE artifact_chunks SET data = overlay(data placing '\\x00'::bytea from 100)");

        var download = await _client.GetAsync("/api/registry/models/churn/versions/1/artifact");

        var problem = await ProblemAssert.IsProblemAsync(download, HttpStatusCode.Conflict);
        Assert.Equal("Artifact corrupt", problem.GetProperty("title").GetString());
    }

    public static TheoryData<string, string> HostilePackages() => new()
    {
        { "not-a-zip", "is not a zip archive" },
        { "empty", "empty (0 bytes)" },
        { "path-traversal", "path traversal" },
        { "zip-bomb", "of 'model.zip' declares 2000000 bytes" },
        { "wrong-model", "is for model 'fraud', not 'churn'" },
    };

    [Theory]
    [MemberData(nameof(HostilePackages))]
    public async Task A_hostile_or_mismatched_package_is_a_400_and_stores_nothing(string kind, string expected)
    {
        await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn"));
        var package = kind switch
        {
            "not-a-zip" => Encoding.UTF8.GetBytes("definitely not a zip archive"),
            "empty" => [],
            "path-traversal" => TestPackages.Zip(
                ("manifest.json", Encoding.UTF8.GetBytes(TestPackages.ManifestJson().ToJsonString()), CompressionLevel.Optimal),
                ("model.zip", TestPackages.Model(), CompressionLevel.NoCompression),
                ("../../etc/cron.d/evil", [1, 2, 3], CompressionLevel.Optimal)),
            "zip-bomb" => TestPackages.WithModel(TestPackages.Zip(
                ("Model/Weights", new byte[RegistryService.MaxInflatedBytes * 20], CompressionLevel.Optimal))),
            _ => await RegistryPackages.ForAsync("fraud"),
        };

        var response = await RegistryService.UploadAsync(_client, "churn", package);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.GetProperty("errors").EnumerateObject()).Value[0].GetString();
        Assert.Contains(expected, message);
        var versions = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/versions");
        Assert.Equal(1, versions.GetArrayLength());
        Assert.Equal(1, await _service.CountAsync("artifacts"));
        Assert.Equal(0, await _service.CountAsync("registered_models WHERE name = 'fraud'"));
    }

    [Fact]
    public async Task A_package_over_the_size_limit_is_a_413()
    {
        var response = await RegistryService.UploadAsync(_client, "churn", new byte[RegistryService.MaxPackageBytes + 1]);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await _service.CountAsync("model_versions"));
    }

    [Fact]
    public async Task A_package_of_another_media_type_is_a_415()
    {
        var response = await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn"), mediaType: "text/plain");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("/api/registry/models/churn/versions/abc", "version")]
    [InlineData("/api/registry/models/churn/versions/0", "version")]
    [InlineData("/api/registry/models/churn/versions/1.5/artifact", "version")]
    [InlineData("/api/registry/models/bad%20name", "name")]
    public async Task A_malformed_route_value_is_a_400_naming_it(string path, string field)
    {
        await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn"));

        var problem = await ProblemAssert.IsProblemAsync(await _client.GetAsync(path), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/registry/models/nope")]
    [InlineData("/api/registry/models/nope/versions")]
    [InlineData("/api/registry/models/churn/versions/9")]
    [InlineData("/api/registry/models/churn/versions/9/artifact")]
    public async Task What_does_not_exist_is_a_404(string path)
    {
        await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn"));

        await ProblemAssert.IsProblemAsync(await _client.GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tags_merge_a_null_tag_is_removed_and_descriptions_change()
    {
        await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn"));

        await _client.PatchAsJsonAsync("/api/registry/models/churn/versions/1", new { tags = new { team = "risk", stage = "dev" } });
        var patched = await _client.PatchAsync("/api/registry/models/churn/versions/1", JsonContent("""{"description":"tuned","tags":{"stage":null,"owner":"ana"}}"""));
        var model = await _client.PatchAsync("/api/registry/models/churn", JsonContent("""{"description":"churn risk","tags":{"domain":"crm"}}"""));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var version = await RegistryService.JsonAsync(patched);
        Assert.Equal("tuned", version.GetProperty("description").GetString());
        Assert.Equal(
            new Dictionary<string, string> { ["owner"] = "ana", ["team"] = "risk" },
            version.GetProperty("tags").Deserialize<Dictionary<string, string>>());
        var updated = await RegistryService.JsonAsync(model);
        Assert.Equal("churn risk", updated.GetProperty("description").GetString());
        Assert.Equal("crm", updated.GetProperty("tags").GetProperty("domain").GetString());
    }

    [Theory]
    [InlineData("""{"tags":{"k":1}}""")]
    [InlineData("""{"tags":""")]
    [InlineData("""{"tags":{"":"empty key"}}""")]
    public async Task A_bad_patch_is_a_400_and_changes_nothing(string body)
    {
        await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn"));

        var response = await _client.PatchAsync("/api/registry/models/churn/versions/1", JsonContent(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var version = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models/churn/versions/1");
        Assert.Empty(version.GetProperty("tags").EnumerateObject());
    }

    [Fact]
    public async Task Another_tenants_models_are_invisible_and_its_names_are_its_own()
    {
        await RegistryService.UploadAsync(_client, "churn", await RegistryPackages.ForAsync("churn", seed: 1));
        var other = _service.CreateClient(tenant: "globex", keyId: "key-globex");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/registry/models/churn")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/registry/models/churn/versions/1/artifact")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync("/api/registry/models/churn/promote", new { version = 1 })).StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/registry/models")).GetArrayLength());

        var own = await RegistryService.UploadAsync(other, "churn", await RegistryPackages.ForAsync("churn", seed: 2));
        Assert.Equal(1, (await RegistryService.JsonAsync(own)).GetProperty("version").GetInt32());
        var mine = await _client.GetFromJsonAsync<JsonElement>("/api/registry/models");
        Assert.Equal(1, Assert.Single(mine.EnumerateArray()).GetProperty("latestVersion").GetProperty("version").GetInt32());
    }

    private static StringContent JsonContent(string json) => new(json, new MediaTypeHeaderValue("application/json"));
}