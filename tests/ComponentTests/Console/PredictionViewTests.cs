using System.Text.Json;

using Microsoft.Extensions.Primitives;

using MlOps.Console.Actions;
using MlOps.Console.Api.Telemetry;
using MlOps.Console.Exports;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class PredictionViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Classes_are_most_frequent_first_with_one_line_each_and_zero_where_a_bucket_has_none()
    {
        var report = Report(Bucket(0, new() { ["neg"] = 5, ["pos"] = 2 }), Bucket(1, new() { ["pos"] = 7 }));

        var lines = StatisticsSeries.PerClass(report);
        var (top, bars) = StatisticsSeries.TopClasses(report, 1);

        Assert.Equal(["pos", "neg"], StatisticsSeries.Classes(report));
        Assert.Equal(["pos", "neg"], lines.Select(line => line.Name));
        Assert.Equal([2.0, 7.0], lines[0].Points.Select(point => point.Y));
        Assert.Equal([5.0, 0.0], lines[1].Points.Select(point => point.Y));
        Assert.Equal(["pos"], top);
        Assert.Equal([9.0], bars.Values);
    }

    [Fact]
    public void Confidence_bins_and_labelled_share()
    {
        Assert.Equal(["0.0–0.5", "0.5–1.0"], StatisticsSeries.ConfidenceBins(2));
        Assert.Equal(0.25, StatisticsSeries.LabelledShare(Traffic(new() { ["a"] = 4 }) with { Labelled = 1 }));
        Assert.Null(StatisticsSeries.LabelledShare(Traffic([])));
    }

    [Fact]
    public void The_statistics_csv_has_a_row_per_bucket_with_a_column_per_class_and_confidence_bin()
    {
        var bucket = Bucket(0, new() { ["pos"] = 3 });

        var header = PredictionRows.StatisticsHeader(["pos", "neg"]);
        var row = PredictionRows.Statistics(bucket, ["pos", "neg"]);

        Assert.Equal(header.Count, row.Count);
        Assert.Equal(["class:pos", "class:neg", "confidence:0.0-0.1"], header.Skip(9).Take(3));
        Assert.Equal([3L, 0L, 0L], row.Skip(9).Take(3));
        Assert.Equal(1L, row[^1]);
    }

    [Fact]
    public void A_prediction_row_keeps_its_inputs_as_json_and_describes_them_on_one_line()
    {
        var inputs = JsonSerializer.SerializeToElement(new Dictionary<string, object?> { ["glucose"] = 148, ["plan"] = "pro", ["note"] = null });
        var prediction = new RecentPrediction(Guid.NewGuid(), 2, "challenger", inputs, "pos", null, 0.81, 1.5, null, Start, "neg");

        var row = PredictionRows.Prediction(prediction);

        Assert.Equal(PredictionRows.PredictionHeader.Count, row.Count);
        Assert.Equal("""{"glucose":148,"plan":"pro","note":null}""", row[^1]);
        Assert.Equal("glucose=148, plan=pro, note=null", PredictionInputs.Describe(inputs));
    }

    [Fact]
    public void Api_queries_escape_values_and_leave_out_empty_ones()
    {
        Assert.Equal("/api/telemetry/predictions?model=pima&before=2026-12-01T10%3A00%3A00Z&limit=50",
            PredictionQueries.Recent("pima", "2026-12-01T10:00:00Z", 50));
        Assert.Equal("/api/telemetry/statistics?model=pima&interval=day", PredictionQueries.Statistics("pima", "", null, "day"));
        Assert.Equal(string.Empty, PredictionQueries.Query(("model", null)));
    }

    [Fact]
    public void The_policy_form_sends_only_the_fields_filled_in_as_typed_values_and_bad_ones_as_text()
    {
        var body = PolicyForm.Body(new Dictionary<string, StringValues>
        {
            ["__RequestVerificationToken"] = "token",
            ["returnUrl"] = "/monitoring/pima",
            ["autoRetrain"] = "true",
            ["windowSeconds"] = "7200",
            ["cooldownSeconds"] = "",
            ["driftShare"] = "0.4",
            ["accuracyDrop"] = "a lot",
            ["featureThreshold"] = "",
            ["criticalFeatures"] = "glucose, age,,",
            ["method"] = "psi",
        });

        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["autoRetrain"] = true,
                ["windowSeconds"] = 7200L,
                ["driftShare"] = 0.4,
                ["accuracyDrop"] = "a lot",
                ["featureThreshold"] = null,
                ["criticalFeatures"] = new[] { "glucose", "age" },
                ["method"] = "psi",
            },
            body);
    }

    private static StatisticsReport Report(params StatisticsBucket[] buckets)
    {
        var total = buckets.SelectMany(bucket => bucket.Served.PerClass).GroupBy(count => count.Key).ToDictionary(group => group.Key, group => group.Sum(count => count.Value));
        return new StatisticsReport("pima", null, Start, Start.AddHours(buckets.Length), "hour", new StatisticsBucket(Start, Start.AddHours(buckets.Length), Traffic(total), Traffic([])), buckets);
    }

    private static StatisticsBucket Bucket(int hour, Dictionary<string, long> perClass) =>
        new(Start.AddHours(hour), Start.AddHours(hour + 1), Traffic(perClass), Traffic([]));

    private static TrafficStatistics Traffic(Dictionary<string, long> perClass) => new(
        perClass.Values.Sum(), perClass, new Dictionary<string, long>(), new Dictionary<string, long>(), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], null, 0, 0, 0, null, null);
}