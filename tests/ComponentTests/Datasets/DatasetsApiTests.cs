using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ComponentTests.Training;

using Xunit;

namespace MlOps.ComponentTests.Datasets;

[Collection(PlatformCollection.Name)]
public sealed class DatasetsApiTests(PlatformServers servers) : IAsyncLifetime
{
    private static readonly byte[] Pima = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));

    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("mlops-dataset-spool-").FullName;
    private TrainingService _service = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _service = new TrainingService(servers, new Dictionary<string, string?> { ["Datasets:TempDirectory"] = _tempDirectory });
        _client = _service.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
        Directory.Delete(_tempDirectory, recursive: true);
    }

    [Fact]
    public async Task Pima_uploads_as_version_1_with_its_schema_and_label()
    {
        var response = await PostAsync(_client, "pima", "diabetes", Pima);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/training/datasets/pima/versions/1", response.Headers.Location?.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pima", body.GetProperty("name").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pima)), body.GetProperty("sha256").GetString());
        Assert.Equal(768, body.GetProperty("rows").GetInt64());
        var columns = body.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(9, columns.Count);
        Assert.All(columns.Take(8), column => Assert.Equal("numeric", column.GetProperty("kind").GetString()));
        Assert.Equal(0, columns[1].GetProperty("missing").GetInt64());
        var label = body.GetProperty("label");
        Assert.Equal("diabetes", label.GetProperty("name").GetString());
        Assert.Equal("categorical", label.GetProperty("kind").GetString());
        Assert.Equal(["neg", "pos"], label.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tempDirectory));
    }

    [Fact]
    public async Task The_same_bytes_return_their_version_and_new_bytes_make_the_next_one()
    {
        var first = await PostAsync(_client, "versions", "diabetes", Pima);
        var again = await PostAsync(_client, "versions", "diabetes", Pima);
        var changed = await PostAsync(_client, "versions", "diabetes", [.. Pima, .. "1,90,60,20,0,25.0,0.2,30,\"neg\"\n"u8.ToArray()]);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var againBody = await again.Content.ReadFromJsonAsync<JsonElement>();
        var changedBody = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, againBody.GetProperty("version").GetInt32());
        Assert.Equal(firstBody.GetProperty("sha256").GetString(), againBody.GetProperty("sha256").GetString());
        Assert.Equal(2, changedBody.GetProperty("version").GetInt32());
        Assert.Equal(769, changedBody.GetProperty("rows").GetInt64());

        var history = await _client.GetFromJsonAsync<JsonElement>("/api/training/datasets/versions");
        Assert.Equal([1, 2], history.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/training/datasets");
        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal("versions", entry.GetProperty("name").GetString());
        Assert.Equal(2, entry.GetProperty("latestVersion").GetInt32());
    }

    [Fact]
    public async Task A_version_has_its_full_profile()
    {
        await PostAsync(_client, "profiled", "diabetes", Pima);

        var version = await _client.GetFromJsonAsync<JsonElement>("/api/training/datasets/profiled/versions/1");

        var profile = version.GetProperty("profile");
        Assert.Equal(768, profile.GetProperty("rows").GetInt64());
        Assert.Equal("diabetes", profile.GetProperty("label").GetString());
        Assert.Equal(
            [("neg", 500L), ("pos", 268L)],
            profile.GetProperty("labelDistribution").EnumerateArray().Select(c => (c.GetProperty("value").GetString(), c.GetProperty("count").GetInt64())));
        var glucose = profile.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "glucose");
        Assert.Equal(768, glucose.GetProperty("binCounts").EnumerateArray().Sum(c => c.GetInt64()));
        Assert.Equal(199, glucose.GetProperty("max").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/training/datasets/profiled/versions/2")).StatusCode);
    }

    [Fact]
    public async Task Rows_come_back_byte_for_byte()
    {
        byte[] tricky = [.. Encoding.UTF8.GetPreamble(), .. "\"a\",b,label\r\n\"x, \"\"y\"\"\",\"multi\r\nline\",p\r\nz,,q"u8.ToArray()];
        await PostAsync(_client, "pima-rows", "diabetes", Pima);
        await PostAsync(_client, "tricky", "label", tricky);

        var pima = await _client.GetAsync("/api/training/datasets/pima-rows/versions/1/rows");
        var trickyBack = await _client.GetByteArrayAsync("/api/training/datasets/tricky/versions/1/rows");

        Assert.Equal("text/csv", pima.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pima, await pima.Content.ReadAsByteArrayAsync());
        Assert.Equal(tricky, trickyBack);
    }

    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        { "", "diabetes", "body", "empty" },
        { "  \n \n", "diabetes", "body", "no header" },
        { "a,b,a\n1,2,3\n", "b", "body", "'a' appears more than once" },
        { "a,,c\n1,2,3\n", "c", "body", "Column 2 of the header has an empty name" },
        { "a,b\n1,2\n3\n", "b", "body", "Line 3: The row has 1 fields but the header has 2" },
        { "a,b\n1,2\n3,\"open\n4,5\n", "b", "body", "Line 3: A quoted field is never closed" },
        { "a,b\n", "b", "body", "no data rows" },
        { "a,b\n1,2\n", "diabetes", "label", "the columns are: a, b" },
        { "a,b\n1,x\n2,x\n", "b", "label", "only one class" },
        { "a,b\n1,NA\n2,\n", "b", "label", "no values" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_upload_is_a_400_naming_the_problem_and_stores_nothing(string csv, string label, string field, string expected)
    {
        var response = await PostAsync(_client, "guarded", label, Encoding.UTF8.GetBytes(csv));

        await AssertValidationProblemAsync(response, field, expected);
        await AssertNothingStoredAsync("guarded");
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400_naming_the_line()
    {
        var response = await PostAsync(_client, "guarded", "b", [.. "a,b\n1,2\n3,"u8.ToArray(), 0xC3, 0x28, (byte)'\n']);

        await AssertValidationProblemAsync(response, "body", "Line 3: The body is not valid UTF-8");
        await AssertNothingStoredAsync("guarded");
    }

    [Fact]
    public async Task A_bad_upload_after_a_good_one_leaves_the_stored_version_alone()
    {
        await PostAsync(_client, "kept", "diabetes", Pima);

        var response = await PostAsync(_client, "kept", "diabetes", [.. Pima, .. "1,2\n"u8.ToArray()]);

        await AssertValidationProblemAsync(response, "body", "Line 770");
        var history = await _client.GetFromJsonAsync<JsonElement>("/api/training/datasets/kept");
        Assert.Single(history.GetProperty("versions").EnumerateArray());
        Assert.Equal(Pima, await _client.GetByteArrayAsync("/api/training/datasets/kept/versions/1/rows"));
    }

    [Fact]
    public async Task The_label_query_and_a_valid_name_are_required()
    {
        using var noLabel = await _client.PostAsync("/api/training/datasets/pima", new ByteArrayContent(Pima));
        var badName = await PostAsync(_client, "Not Valid!", "diabetes", Pima);

        await AssertValidationProblemAsync(noLabel, "label", "'label' query parameter");
        await AssertValidationProblemAsync(badName, "name", "1 to 64 characters");
        await AssertNothingStoredAsync("pima");
    }

    [Fact]
    public async Task The_same_bytes_with_another_label_are_a_conflict()
    {
        await PostAsync(_client, "relabel", "diabetes", Pima);

        var response = await PostAsync(_client, "relabel", "pregnant", Pima);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Tenants_see_only_their_own_datasets()
    {
        using var acme = _service.CreateClient("acme");
        using var globex = _service.CreateClient("globex");
        await PostAsync(acme, "shared-name", "diabetes", Pima);

        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/training/datasets/shared-name")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/training/datasets/shared-name/versions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/training/datasets/shared-name/versions/1/rows")).StatusCode);
        Assert.Empty((await globex.GetFromJsonAsync<JsonElement>("/api/training/datasets")).EnumerateArray());

        var globexOwn = await PostAsync(globex, "shared-name", "diabetes", Pima);
        Assert.Equal(HttpStatusCode.Created, globexOwn.StatusCode);
        Assert.Equal(1, (await globexOwn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Concurrent_uploads_get_distinct_version_numbers_and_the_same_bytes_one_version()
    {
        var distinct = Enumerable.Range(0, 6)
            .Select(i => PostAsync(_client, "race", "diabetes", [.. Pima, .. Encoding.UTF8.GetBytes($"{i},90,60,20,0,25.0,0.2,30,\"neg\"\n")]));
        var same = Enumerable.Range(0, 6).Select(_ => PostAsync(_client, "same", "diabetes", Pima));

        var distinctResponses = await Task.WhenAll(distinct);
        var sameResponses = await Task.WhenAll(same);

        Assert.All(distinctResponses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var versions = await Task.WhenAll(distinctResponses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32()));
        Assert.Equal([1, 2, 3, 4, 5, 6], versions.Order());
        Assert.Single(sameResponses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(sameResponses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK));
        var history = await _client.GetFromJsonAsync<JsonElement>("/api/training/datasets/same");
        Assert.Single(history.GetProperty("versions").EnumerateArray());
    }

    [Fact]
    public async Task A_50_megabyte_upload_is_streamed_through()
    {
        var content = new GeneratedCsvContent(50L * 1024 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await _client.PostAsync("/api/training/datasets/large?label=label", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(content.Rows, body.GetProperty("rows").GetInt64());
        Assert.Equal(content.Sha256, body.GetProperty("sha256").GetString());
        Assert.Equal(content.Bytes, body.GetProperty("bytes").GetInt64());
        Assert.Equal(["no-class", "yes-class"], body.GetProperty("label").GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tempDirectory));

        using var rows = await _client.GetAsync("/api/training/datasets/large/versions/1/rows", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await rows.Content.ReadAsStreamAsync();
        Assert.Equal(content.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
    }

    [Fact]
    public async Task An_upload_over_the_configured_limit_is_a_413_and_stores_nothing()
    {
        await using var small = new TrainingService(servers, new Dictionary<string, string?> { ["Datasets:MaxUploadBytes"] = "1000" });
        using var client = small.CreateClient();

        var declared = await PostAsync(client, "big", "diabetes", Pima);
        var chunked = new GeneratedCsvContent(5000);
        using var undeclared = await client.PostAsync("/api/training/datasets/big?label=label", chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, undeclared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/training/datasets/big")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string name, string label, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await client.PostAsync($"/api/training/datasets/{Uri.EscapeDataString(name)}?label={Uri.EscapeDataString(label)}", content);
    }

    private async Task AssertNothingStoredAsync(string name)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/training/datasets/{name}")).StatusCode);
        Assert.Equal(0L, await Sql.ScalarAsync(
            _service.DatabaseConnectionString,
            "SELECT (SELECT count(*) FROM dataset_contents) + (SELECT count(*) FROM dataset_content_chunks) + (SELECT count(*) FROM dataset_versions)"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tempDirectory));
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field, string expected)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, message => message.Contains(expected, StringComparison.Ordinal));
    }
}