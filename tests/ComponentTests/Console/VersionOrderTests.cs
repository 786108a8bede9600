using System.Text.Json;

using MlOps.Console.Api.Registry;
using MlOps.Console.Models;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class VersionOrderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static readonly ModelVersion[] Versions =
    [
        Version(1, """{"auc":0.85,"accuracy":0.77,"crossValidated":{"auc":0.81}}""", minutes: 0),
        Version(2, """{"auc":0.83,"crossValidated":{"auc":0.80}}""", minutes: 5),
        Version(3, """{"auc":0.90,"accuracy":0.70}""", minutes: 1),
    ];

    [Fact]
    public void Held_out_metrics_leave_cross_validated_out()
    {
        Assert.Equal(["accuracy", "auc"], Versions[0].HeldOut.Keys);
        Assert.Equal(0.81, Versions[0].CrossValidated["auc"]);
        Assert.Empty(Versions[2].CrossValidated);
        Assert.Equal(["accuracy", "auc"], VersionOrder.MetricNames(Versions));
    }

    [Fact]
    public void Sorts_by_a_metric_with_versions_lacking_it_last_either_way()
    {
        Assert.Equal([1, 3, 2], VersionOrder.Sort(Versions, "metric:accuracy", descending: true).Select(v => v.Version));
        Assert.Equal([3, 1, 2], VersionOrder.Sort(Versions, "metric:accuracy", descending: false).Select(v => v.Version));
        Assert.Equal([3, 1, 2], VersionOrder.Sort(Versions, "metric:auc", descending: true).Select(v => v.Version));
    }

    [Theory]
    [InlineData("created", true, new[] { 2, 3, 1 })]
    [InlineData("created", false, new[] { 1, 3, 2 })]
    [InlineData(null, true, new[] { 3, 2, 1 })]
    [InlineData("unknown", false, new[] { 1, 2, 3 })]
    public void Sorts_by_a_column(string? sort, bool descending, int[] expected) =>
        Assert.Equal(expected, VersionOrder.Sort(Versions, sort, descending).Select(v => v.Version));

    [Theory]
    [InlineData(null, 1, new[] { 1, 2 })]
    [InlineData(2, 2, new[] { 3, 4 })]
    [InlineData(3, 3, new[] { 5 })]
    [InlineData(9, 3, new[] { 5 })]
    [InlineData(-1, 1, new[] { 1, 2 })]
    public void Pages_are_clamped_to_the_pages_there_are(int? page, int expectedPage, int[] expected)
    {
        var table = TablePage<int>.Of([1, 2, 3, 4, 5], page, size: 2);

        Assert.Equal(expectedPage, table.Page);
        Assert.Equal(3, table.PageCount);
        Assert.Equal(5, table.Total);
        Assert.Equal(expected, table.Items);
    }

    [Fact]
    public void An_empty_table_has_one_empty_page()
    {
        var table = TablePage<int>.Of([], 4, size: 2);

        Assert.Equal((1, 1, 0), (table.Page, table.PageCount, table.Total));
        Assert.Empty(table.Items);
    }

    private static ModelVersion Version(int version, string metrics, int minutes) => new(
        "pima", version, "sha", 1, "active", null, new Dictionary<string, string>(), [], JsonDocument.Parse(metrics).RootElement.Clone(),
        null, null, new Actor("key1"), Start.AddMinutes(minutes));
}