using MlOps.Console.Runs;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class RunSortTests
{
    [Theory]
    [InlineData("metrics.auc desc", "metrics", "auc", true)]
    [InlineData("metrics.auc DESC", "metrics", "auc", true)]
    [InlineData("params.trainer asc", "params", "trainer", false)]
    [InlineData("params.trainer", "params", "trainer", false)]
    [InlineData(" attributes.start_time desc ", "attributes", "start_time", true)]
    public void A_single_column_and_direction_is_a_sort(string text, string entity, string key, bool descending)
    {
        Assert.Equal(new RunSort(new RunColumn(entity, key), descending), RunSort.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("metrics.auc desc, params.trainer")]
    [InlineData("auc desc")]
    public void Anything_else_is_not_a_sort_the_table_shows(string? text)
    {
        Assert.Null(RunSort.Parse(text));
    }

    [Fact]
    public void Clicking_a_new_metric_sorts_best_first_and_clicking_again_flips_it()
    {
        var auc = new RunColumn("metrics", "auc");

        var first = RunSort.Toggle(RunSort.Parse("params.trainer asc"), auc);
        var second = RunSort.Toggle(first, auc);

        Assert.Equal("metrics.auc desc", first.ToString());
        Assert.Equal("metrics.auc asc", second.ToString());
        Assert.Equal("params.trainer asc", RunSort.Toggle(null, new RunColumn("params", "trainer")).ToString());
    }
}