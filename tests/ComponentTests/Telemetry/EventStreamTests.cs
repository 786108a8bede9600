using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using MlOps.ComponentTests.Infrastructure;

using Xunit;

namespace MlOps.ComponentTests.Telemetry;

[Collection(PlatformCollection.Name)]
public sealed class EventStreamTests(PlatformServers servers) : IAsyncLifetime
{
    private TelemetryService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await TelemetryService.CreateAsync(servers);
        _client = _service.CreateClient();
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_object_is_accepted_and_read_back_as_json_and_csv()
    {
        var posted = await PostAsync("drowsiness", """{"ear_value":0.18,"is_drowsy":true,"duration_ms":4000}""");

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var accepted = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, accepted.GetProperty("accepted").GetInt32());

        var page = await _client.GetFromJsonAsync<JsonElement>("/api/telemetry/events/drowsiness");
        var stored = Assert.Single(page.GetProperty("events").EnumerateArray());
        var data = stored.GetProperty("data");
        Assert.Equal(0.18, data.GetProperty("ear_value").GetDouble());
        Assert.True(data.GetProperty("is_drowsy").GetBoolean());
        Assert.Equal(4000, data.GetProperty("duration_ms").GetInt32());
        Assert.Equal(accepted.GetProperty("receivedAt").GetDateTimeOffset(), stored.GetProperty("receivedAt").GetDateTimeOffset());

        var csv = await ReadCsvAsync("drowsiness");
        Assert.Equal("id,received_at,ear_value,is_drowsy,duration_ms", csv[0]);
        Assert.EndsWith(",0.18,true,4000", csv[1]);
        Assert.Equal(2, csv.Length);
    }

    [Fact]
    public async Task Csv_columns_are_the_union_of_the_fields_in_order_of_appearance()
    {
        await PostAsync("mixed", """[{"a":1,"b":"x, \"quoted\""},{"c":{"n":[1,2]},"a":2},{"b":null}]""");

        var csv = await ReadCsvAsync("mixed");

        Assert.Equal("id,received_at,a,b,c", csv[0]);
        Assert.EndsWith(",1,\"x, \"\"quoted\"\"\",", csv[1]);
        Assert.EndsWith(",2,,\"{\"\"n\"\": [1, 2]}\"", csv[2]);
        Assert.EndsWith(",,,", csv[3]);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_stores_the_events_once()
    {
        const string Body = """[{"n":1},{"n":2}]""";
        var first = await PostAsync("orders", Body, idempotencyKey: "batch-42");
        var replay = await PostAsync("orders", Body, idempotencyKey: "batch-42");

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var original = await first.Content.ReadFromJsonAsync<JsonElement>();
        var replayed = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, replayed.GetProperty("accepted").GetInt32());
        Assert.Equal(original.GetProperty("receivedAt").GetDateTimeOffset(), replayed.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(2, await CountAsync("orders"));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_idempotency_key_store_once()
    {
        var posts = Enumerable.Range(0, 8).Select(_ => PostAsync("concurrent", """{"n":1}""", idempotencyKey: "same"));

        var responses = await Task.WhenAll(posts);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.Equal(1, await CountAsync("concurrent"));
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_another_body_is_refused()
    {
        await PostAsync("orders2", """{"n":1}""", idempotencyKey: "k");

        var reused = await PostAsync("orders2", """{"n":2}""", idempotencyKey: "k");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(1, await CountAsync("orders2"));
    }

    [Theory]
    [InlineData("""{"a":""", "body", "Malformed JSON")]
    [InlineData("42", "body", "a number")]
    [InlineData("""[{"a":1},"text"]""", "body[1]", "Element 1 is a string")]
    [InlineData("", "body", "empty")]
    [InlineData("[]", "body", "no events")]
    [InlineData("""{"a":"\u0000"}""", "body", "\\u0000")]
    [InlineData("""{"a":"\ud800"}""", "body", "surrogate")]
    [InlineData("""{"a":1e99999}""", "body", "out of range")]
    [InlineData("""{"a":1}{"b":2}""", "body", "Malformed JSON")]
    public async Task A_body_that_is_not_an_object_or_array_of_objects_is_a_400_naming_the_problem(
        string body, string field, string expected)
    {
        await PostAsync("guarded", """{"kept":true}""");

        var response = await PostAsync("guarded", body);

        await AssertValidationProblemAsync(response, field, expected);
        Assert.Equal(1, await CountAsync("guarded"));
    }

    [Fact]
    public async Task An_invalid_stream_name_is_a_400_naming_the_stream()
    {
        var response = await PostAsync("Not-Valid!", """{"a":1}""");

        await AssertValidationProblemAsync(response, "stream", "1 to 64 characters");
    }

    [Fact]
    public async Task More_events_than_the_batch_limit_is_a_413_and_stores_nothing()
    {
        var body = "[" + string.Join(',', Enumerable.Repeat("""{"a":1}""", 51)) + "]";

        var response = await PostAsync("big", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountAsync("big"));
    }

    [Fact]
    public async Task Pages_follow_the_after_cursor_and_respect_the_time_window()
    {
        await PostAsync("paged", """[{"n":1},{"n":2},{"n":3}]""");

        var first = await _client.GetFromJsonAsync<JsonElement>("/api/telemetry/events/paged?limit=2");
        var next = first.GetProperty("nextAfter").GetInt64();
        var second = await _client.GetFromJsonAsync<JsonElement>($"/api/telemetry/events/paged?limit=2&after={next}");
        var future = await _client.GetFromJsonAsync<JsonElement>(
            $"/api/telemetry/events/paged?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}");

        Assert.Equal([1, 2], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("data").GetProperty("n").GetInt32()));
        Assert.Equal([3], second.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("data").GetProperty("n").GetInt32()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextAfter").ValueKind);
        Assert.Equal(0, future.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=13:00", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("after=-1", "after")]
    public async Task Invalid_query_values_are_a_400_naming_the_parameter(string query, string field)
    {
        var response = await _client.GetAsync($"/api/telemetry/events/any?{query}");

        await AssertValidationProblemAsync(response, field, "");
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_a_400_problem_naming_the_parameter()
    {
        var response = await _client.GetAsync("/api/telemetry/events/any?limit=many");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("limit", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Tenants_see_only_their_own_events()
    {
        using var acme = _service.CreateClient("acme");
        using var globex = _service.CreateClient("globex");
        await acme.PostAsync("/api/telemetry/events/shared-name", new StringContent("""{"owner":"acme"}"""));

        var seenByGlobex = await globex.GetFromJsonAsync<JsonElement>("/api/telemetry/events/shared-name");
        var seenByAcme = await acme.GetFromJsonAsync<JsonElement>("/api/telemetry/events/shared-name");

        Assert.Equal(0, seenByGlobex.GetProperty("count").GetInt32());
        Assert.Equal(1, seenByAcme.GetProperty("count").GetInt32());
    }

    private async Task<HttpResponseMessage> PostAsync(string stream, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/telemetry/events/{stream}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await _client.SendAsync(request);
    }

    private async Task<int> CountAsync(string stream)
    {
        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/telemetry/events/{stream}");
        return page.GetProperty("count").GetInt32();
    }

    private async Task<string[]> ReadCsvAsync(string stream)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/telemetry/events/{stream}");
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await _client.SendAsync(request);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field, string expected)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!);
        Assert.Contains(messages, message => message.Contains(expected, StringComparison.Ordinal));
    }
}