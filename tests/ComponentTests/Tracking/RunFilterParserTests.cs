using MlOps.Training.Service.Tracking;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

public sealed class RunFilterParserTests
{
    [Fact]
    public void The_issue_example_parses_into_three_clauses()
    {
        var clauses = Parse("metrics.auc > 0.8 and params.trainer = 'LightGbm' and tags.stage != 'x'");

        Assert.Equal(
            [
                new FilterClause(FilterEntity.Metric, "auc", FilterOperator.Greater, 0.8),
                new FilterClause(FilterEntity.Param, "trainer", FilterOperator.Equal, "LightGbm"),
                new FilterClause(FilterEntity.Tag, "stage", FilterOperator.NotEqual, "x"),
            ],
            clauses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_filter_has_no_clauses(string? filter)
    {
        Assert.Empty(Parse(filter));
    }

    [Theory]
    [InlineData("metrics.auc = 1", FilterOperator.Equal)]
    [InlineData("metrics.auc != 1", FilterOperator.NotEqual)]
    [InlineData("metrics.auc < 1", FilterOperator.Less)]
    [InlineData("metrics.auc <= 1", FilterOperator.LessOrEqual)]
    [InlineData("metrics.auc > 1", FilterOperator.Greater)]
    [InlineData("metrics.auc >= 1", FilterOperator.GreaterOrEqual)]
    [InlineData("metrics.auc>=1", FilterOperator.GreaterOrEqual)]
    [InlineData("params.trainer LIKE 'Light%'", FilterOperator.Like)]
    [InlineData("params.trainer like 'Light%'", FilterOperator.Like)]
    [InlineData("params.trainer ILIKE 'light%'", FilterOperator.ILike)]
    [InlineData("params.trainer iLike 'light%'", FilterOperator.ILike)]
    [InlineData("tags.stage = 'x'", FilterOperator.Equal)]
    [InlineData("tags.stage != 'x'", FilterOperator.NotEqual)]
    public void Every_operator_is_read(string filter, FilterOperator expected)
    {
        Assert.Equal(expected, Assert.Single(Parse(filter)).Operator);
    }

    [Theory]
    [InlineData("metric.auc > 1", FilterEntity.Metric)]
    [InlineData("param.trainer = 'a'", FilterEntity.Param)]
    [InlineData("tag.stage = 'a'", FilterEntity.Tag)]
    [InlineData("attribute.status = 'a'", FilterEntity.Attribute)]
    [InlineData("attributes.status = 'a'", FilterEntity.Attribute)]
    [InlineData("METRICS.auc > 1", FilterEntity.Metric)]
    public void Long_and_short_entity_names_are_accepted(string filter, FilterEntity expected)
    {
        Assert.Equal(expected, Assert.Single(Parse(filter)).Entity);
    }

    [Theory]
    [InlineData("metrics.\"f1 score\" > 0.5", "f1 score")]
    [InlineData("metrics.`f1 score` > 0.5", "f1 score")]
    [InlineData("metrics.val/loss < 0.5", "val/loss")]
    [InlineData("metrics.val.loss < 0.5", "val.loss")]
    [InlineData("metrics.`a=b` < 0.5", "a=b")]
    public void Keys_may_be_quoted_with_backticks_or_double_quotes(string filter, string key)
    {
        Assert.Equal(key, Assert.Single(Parse(filter)).Key);
    }

    [Theory]
    [InlineData("params.a = 'single'", "single")]
    [InlineData("params.a = \"double\"", "double")]
    [InlineData("params.a = 'it''s'", "it's")]
    [InlineData("params.a = 'and or = <'", "and or = <")]
    [InlineData("params.a = ''", "")]
    public void String_values_take_single_or_double_quotes(string filter, string value)
    {
        Assert.Equal(value, Assert.Single(Parse(filter)).Value);
    }

    [Theory]
    [InlineData("metrics.a > 1", 1.0)]
    [InlineData("metrics.a > -0.25", -0.25)]
    [InlineData("metrics.a > 1e-3", 0.001)]
    [InlineData("metrics.a > .5", 0.5)]
    public void Numbers_are_read_invariantly(string filter, double value)
    {
        Assert.Equal(value, Assert.Single(Parse(filter)).Value);
    }

    [Fact]
    public void And_is_case_insensitive_and_spacing_is_free()
    {
        var clauses = Parse("  metrics.a>1   AND params.b='x'\tAnd\ntags.c = 'y'  ");

        Assert.Equal(3, clauses.Count);
    }

    [Fact]
    public void Attributes_compare_status_in_lower_case_and_times_as_utc()
    {
        var clauses = Parse(
            "attributes.status = 'FINISHED' and attributes.start_time >= 1700000000000 and attributes.end_time < '2026-11-23T10:00:00+01:00'"
            + " and attributes.run_name LIKE 'run-%' and attributes.run_id = 'abc'");

        Assert.Equal("finished", clauses[0].Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), clauses[1].Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), clauses[2].Value);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)clauses[2].Value).Offset);
        Assert.Equal(RunAttributes.RunName, clauses[3].Key);
        Assert.Equal(RunAttributes.RunId, clauses[4].Key);
    }

    [Theory]
    [InlineData("metrics.a > 1 or params.b = 'x'", 14, "only AND is supported")]
    [InlineData("metrics.a > 1 OR params.b = 'x'", 14, "only AND is supported")]
    [InlineData("metrics.a > 1 params.b = 'x'", 14, "expected 'and' or the end of the filter but found 'params.b'")]
    [InlineData("metrics.a > 1 and", 17, "expected an entity")]
    [InlineData("runs.a > 1", 0, "unknown entity 'runs'")]
    [InlineData("metrics > 1", 7, "expected '.' and a key after 'metrics'")]
    [InlineData("metrics. > 1", 8, "expected a key")]
    [InlineData("metrics.`f1 score > 1", 8, "not closed")]
    [InlineData("metrics.`` > 1", 8, "empty quoted key")]
    [InlineData("attributes.colour = 'red'", 11, "unknown attribute 'colour'")]
    [InlineData("metrics.a 1", 10, "expected a comparison operator")]
    [InlineData("metrics.a == 1", 11, "expected a value")]
    [InlineData("metrics.a", 9, "expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE) but found the end")]
    [InlineData("metrics.a LIKE 1", 10, "LIKE compares strings, but metrics.a is a number")]
    [InlineData("attributes.start_time ILIKE '2026%'", 22, "ILIKE compares strings")]
    [InlineData("params.a < 'x'", 9, "'<' compares numbers and times, but params.a is a string")]
    [InlineData("tags.a >= 'x'", 7, "'>=' compares numbers and times")]
    [InlineData("metrics.a > 'x'", 12, "expected a number for metrics.a but found a quoted string")]
    [InlineData("params.a = 3", 11, "expected a quoted string for params.a")]
    [InlineData("params.a = 'open", 11, "not closed with '")]
    [InlineData("metrics.a > 1..2", 12, "'1..2' is not a finite number")]
    [InlineData("metrics.a > 1e999", 12, "not a finite number")]
    [InlineData("metrics.a >", 11, "expected a value (a quoted string or a number) but found the end")]
    [InlineData("attributes.start_time > 'yesterday'", 24, "quoted ISO 8601 time")]
    [InlineData("attributes.start_time > 1.5", 24, "whole milliseconds")]
    public void A_malformed_filter_says_where_and_what_was_expected(string filter, int position, string message)
    {
        var (clauses, error) = RunFilterParser.Parse(filter);

        Assert.Empty(clauses);
        Assert.NotNull(error);
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"At position {position}: ", error.ToString(), StringComparison.Ordinal);
    }

    private static IReadOnlyList<FilterClause> Parse(string? filter)
    {
        var (clauses, error) = RunFilterParser.Parse(filter);
        Assert.Null(error);
        return clauses;
    }
}