using MlOps.Training.Service.Infrastructure;
using MlOps.Training.Service.Tracking;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

public sealed class RunSearchSqlTests
{
    [Fact]
    public void Keys_and_values_travel_as_parameters_never_in_the_text()
    {
        var (filter, _) = RunFilterParser.Parse(
            "metrics.`x'; DROP TABLE runs; --` > 0.8 and params.trainer = 'Light''; DELETE FROM runs; --' and tags.stage != 'x'");
        var (order, _) = RunOrderParser.Parse("params.`evil'--` DESC");

        var query = RunSearchSql.Compile("tenant-a", new RunSearch("exp", ViewType.Active, filter, order, 20, 10));

        Assert.DoesNotContain("DROP", query.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("DELETE", query.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", query.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-a", query.Text, StringComparison.Ordinal);
        Assert.Equal(
            ["tenant-a", "exp", "x'; DROP TABLE runs; --", 0.8, "trainer", "Light'; DELETE FROM runs; --", "stage", "x", "evil'--", 10, 20],
            query.Parameters);
        Assert.Contains("AND m.key = $3 AND m.value > $4)", query.Text, StringComparison.Ordinal);
        Assert.Contains("AND p.key = $5 AND p.value = $6)", query.Text, StringComparison.Ordinal);
        Assert.Contains("AND t.key = $7 AND t.value <> $8)", query.Text, StringComparison.Ordinal);
        Assert.Contains("AND p.key = $9) DESC NULLS LAST, r.id", query.Text, StringComparison.Ordinal);
        Assert.EndsWith("LIMIT $10 OFFSET $11", query.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("attributes.status = 'finished'", "r.status = $2")]
    [InlineData("attributes.run_name LIKE 'a%'", "r.name LIKE $2")]
    [InlineData("attributes.run_id != 'a'", "r.id::text <> $2")]
    [InlineData("attributes.start_time >= 0", "r.start_time >= $2")]
    [InlineData("attributes.end_time < 0", "r.end_time < $2")]
    [InlineData("params.a ILIKE 'x'", "p.value ILIKE $3")]
    [InlineData("metrics.a <= 1", "m.value <= $3")]
    public void Each_comparison_compiles_to_its_column_and_operator(string filter, string expected)
    {
        var (clauses, error) = RunFilterParser.Parse(filter);
        Assert.Null(error);

        var query = RunSearchSql.Compile("t", new RunSearch(null, ViewType.All, clauses, RunOrderParser.Default, 0, 5));

        Assert.Contains(expected, query.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("lifecycle_stage", query.Text[query.Text.IndexOf("WHERE", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ViewType.Active, "r.lifecycle_stage = 'active'")]
    [InlineData(ViewType.Deleted, "r.lifecycle_stage = 'deleted'")]
    public void The_view_type_limits_the_lifecycle_stage(ViewType viewType, string expected)
    {
        var query = RunSearchSql.Compile("t", new RunSearch(null, viewType, [], RunOrderParser.Default, 0, 5));

        Assert.Contains(expected, query.Text, StringComparison.Ordinal);
        Assert.Contains("ORDER BY r.start_time DESC NULLS LAST, r.id", query.Text, StringComparison.Ordinal);
    }
}