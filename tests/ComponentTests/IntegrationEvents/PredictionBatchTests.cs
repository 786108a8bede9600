using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;

using Xunit;

namespace MlOps.ComponentTests.IntegrationEvents;

public sealed class PredictionBatchTests
{
    private static readonly DateTimeOffset ServedAt = new(2026, 11, 30, 23, 59, 58, 123, TimeSpan.FromHours(2));

    private static readonly LoggedPrediction[] Rows =
    [
        new(Guid.CreateVersion7(), "pima", 3, "champion", Json("""{"Glucose":148.5,"BMI":null,"Plan":"gold"}"""), "1", null,
            new Dictionary<string, double> { ["0"] = 0.25, ["1"] = 0.75 }, 0.042, ServedAt, "acme"),
        new(Guid.CreateVersion7(), "pima", 4, "shadow", Json("""{"Glucose":90}"""), "0", null, null, 1.5, ServedAt.AddHours(1), "acme"),
        new(Guid.CreateVersion7(), "prices", 1, "challenger", Json("""{"rooms":3,"city":"Zürich"}"""), null, 123456.789, null, 0.5,
            ServedAt.ToUniversalTime(), "other tenant"),
        new(Guid.CreateVersion7(), "prices", 1, "champion", Json("7"), null, null, new Dictionary<string, double>(), 0, ServedAt, "acme"),
    ];

    [Fact]
    public void Every_field_of_every_row_survives_the_round_trip()
    {
        var read = PredictionsLogged.Of(Rows).Read();

        Assert.Equal(Rows.Length, read.Count);
        for (var i = 0; i < Rows.Length; i++)
        {
            var (expected, actual) = (Rows[i], read[i]);
            Assert.Equal(expected.PredictionId, actual.PredictionId);
            Assert.Equal(expected.Tenant, actual.Tenant);
            Assert.Equal(expected.Model, actual.Model);
            Assert.Equal(expected.Version, actual.Version);
            Assert.Equal(expected.Route, actual.Route);
            Assert.Equal(Features(expected.Inputs), Features(actual.Inputs));
            Assert.Equal(expected.Label, actual.Label);
            Assert.Equal(expected.Value, actual.Value);
            Assert.Equal(expected.Probabilities is { Count: > 0 } given ? given.OrderBy(pair => pair.Key) : null, actual.Probabilities?.OrderBy(pair => pair.Key));
            Assert.Equal(expected.LatencyMs, actual.LatencyMs);
            Assert.Equal(expected.ServedAt.UtcDateTime, actual.ServedAt.UtcDateTime);
        }
    }

    [Fact]
    public void An_empty_batch_reads_back_as_no_rows()
    {
        Assert.Empty(PredictionsLogged.Of([]).Read());
    }

    [Fact]
    public void On_the_wire_the_message_is_one_string_field_whatever_the_row_count()
    {
        var message = JsonSerializer.SerializeToElement(PredictionsLogged.Of(Rows), JsonSerializerOptions.Web);

        var field = Assert.Single(message.EnumerateObject());
        Assert.Equal("rows", field.Name);
        Assert.Equal(JsonValueKind.String, field.Value.ValueKind);
        var received = message.Deserialize<PredictionsLogged>(JsonSerializerOptions.Web)!;
        Assert.Equal(Rows.Select(row => row.PredictionId), received.Read().Select(row => row.PredictionId));
    }

    [Fact]
    public void Every_truncation_of_a_batch_is_a_format_error()
    {
        var bytes = PredictionsLogged.Of(Rows).Rows;

        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = new PredictionsLogged(bytes[..length]);
            Assert.Throws<FormatException>(truncated.Read);
        }
    }

    [Fact]
    public void Bytes_after_the_block_a_foreign_start_or_a_parquet_file_without_the_logs_columns_are_format_errors()
    {
        var bytes = PredictionsLogged.Of(Rows.Take(1)).Rows;
        var trailing = new PredictionsLogged([.. bytes, 0]);
        var foreign = new PredictionsLogged([.. "{\"a\""u8, .. bytes[4..]]);
        var other = new PredictionsLogged(OtherParquet());

        Assert.Throws<FormatException>(trailing.Read);
        Assert.Throws<FormatException>(foreign.Read);
        Assert.Throws<FormatException>(other.Read);
    }

    [Fact]
    public void A_row_whose_probabilities_do_not_match_its_classes_is_refused()
    {
        var writer = new PredictionBatchWriter();

        Assert.Throws<ArgumentException>(() => writer.Add(Guid.CreateVersion7(), "acme", "pima", 1, "champion", "1", null,
            ["0", "1"], [0.5], 0.1, ServedAt));
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>A feature's values as JSON text, by name: features without a value are the same as absent ones.</summary>
    private static SortedDictionary<string, string> Features(JsonElement inputs) =>
        new(inputs.ValueKind != JsonValueKind.Object
            ? []
            : inputs.EnumerateObject().Where(input => input.Value.ValueKind != JsonValueKind.Null)
                .ToDictionary(input => input.Name, input => JsonSerializer.Serialize(input.Value)), StringComparer.Ordinal);

    private static byte[] OtherParquet() => WriteOtherParquetAsync().GetAwaiter().GetResult();

    private static async Task<byte[]> WriteOtherParquetAsync()
    {
        var schema = new Parquet.Schema.ParquetSchema(new Parquet.Schema.DataField<int>("id"));
        using var stream = new MemoryStream();
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(schema, stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(schema.DataFields[0], new[] { 1, 2 });
        }

        return stream.ToArray();
    }
}