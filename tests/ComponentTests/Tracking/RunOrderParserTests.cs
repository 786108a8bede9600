using MlOps.Training.Service.Tracking;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

public sealed class RunOrderParserTests
{
    [Fact]
    public void No_ordering_is_newest_first()
    {
        var (clauses, error) = RunOrderParser.Parse(null);

        Assert.Null(error);
        Assert.Equal([new OrderClause(FilterEntity.Attribute, RunAttributes.StartTime, Descending: true)], clauses);
    }

    [Fact]
    public void A_comma_separated_list_keeps_its_order_and_directions()
    {
        var (clauses, error) = RunOrderParser.Parse("metrics.auc DESC, params.trainer asc,tags.`my tag`, attributes.start_time desc");

        Assert.Null(error);
        Assert.Equal(
            [
                new OrderClause(FilterEntity.Metric, "auc", Descending: true),
                new OrderClause(FilterEntity.Param, "trainer", Descending: false),
                new OrderClause(FilterEntity.Tag, "my tag", Descending: false),
                new OrderClause(FilterEntity.Attribute, "start_time", Descending: true),
            ],
            clauses);
    }

    [Theory]
    [InlineData("metrics.auc DOWN", 12, "expected ASC, DESC, ',' or the end of the ordering but found 'DOWN'")]
    [InlineData("metrics.auc DESC,", 17, "expected an entity")]
    [InlineData("attributes.colour", 11, "unknown attribute 'colour'")]
    [InlineData("auc DESC", 0, "unknown entity 'auc'")]
    public void A_malformed_ordering_says_where(string orderBy, int position, string message)
    {
        var (_, error) = RunOrderParser.Parse(orderBy);

        Assert.NotNull(error);
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}