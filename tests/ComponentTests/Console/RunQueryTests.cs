using MlOps.Console.Runs;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class RunQueryTests
{
    private static readonly RunQuery Query = new("pima", "params.trainer = 'FastTree'", "metrics.auc desc", "params.trainer,metrics.auc", "b2Zmc2V0OjI", 10);

    [Fact]
    public void The_filter_and_sort_go_to_the_api_as_they_are()
    {
        Assert.Equal(
            "/api/training/runs?experiment=pima&filter=params.trainer%20%3D%20%27FastTree%27&orderBy=metrics.auc%20desc&maxResults=10&pageToken=b2Zmc2V0OjI",
            Query.ApiPath(10, Query.PageToken));
    }

    [Fact]
    public void A_link_keeps_the_whole_view_and_leaves_out_what_is_unset_or_default()
    {
        Assert.Equal(
            "/runs?experiment=pima&filter=params.trainer%20%3D%20%27FastTree%27&sort=metrics.auc%20desc&cols=params.trainer,metrics.auc&size=10&pageToken=b2Zmc2V0OjI",
            Query.Link("/runs"));
        Assert.Equal("/export/runs.csv?experiment=pima", new RunQuery("pima", null, " ", null, null, RunQuery.DefaultSize).Link("/export/runs.csv"));
    }

    [Theory]
    [InlineData(null, RunQuery.DefaultSize)]
    [InlineData(0, 1)]
    [InlineData(50, 50)]
    [InlineData(5000, RunQuery.MaxSize)]
    public void The_page_size_stays_within_what_the_table_shows(int? size, int expected)
    {
        Assert.Equal(expected, RunQuery.SizeOrDefault(size));
    }
}