using MlOps.Console.Api.Training;
using MlOps.Console.Components.Charts;
using MlOps.Console.Runs;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class RunComparisonTests
{
    private static readonly TrackedRun Forest = Run("01a24036-941c-75bb-846a-862cc3cab029", "pima-trial-1", "FastForest", "300", 0.82);
    private static readonly TrackedRun Tree = Run("01a24036-87b1-7d7e-953e-ce07f7cf709b", "pima-trial-1", "FastTree", "100", 0.78);
    private static readonly TrackedRun Logistic = Run("01a24036-8965-7fb2-b2a0-ef01bcd6bc79", "pima-trial-6", "LbfgsLogisticRegression", null, 0.81);

    [Fact]
    public void Ids_may_come_comma_separated_or_repeated_and_count_once()
    {
        var (ids, invalid) = RunComparison.ParseIds([$"{Forest.Id},{Tree.Id}", $" {Forest.Id} ", "nope", Logistic.Id.ToString()]);

        Assert.Equal([Forest.Id, Tree.Id, Logistic.Id], ids);
        Assert.Equal(["nope"], invalid);
    }

    [Fact]
    public void Each_run_gets_its_own_line_over_steps_and_runs_without_the_metric_get_none()
    {
        var series = RunComparison.HistorySeries(
        [
            (Forest, new MetricHistory("auc", [Point(0.7, 0), Point(0.8, 1), Point(0.82, 2)])),
            (Tree, new MetricHistory("auc", [])),
            (Logistic, null),
        ]);

        var line = Assert.Single(series);
        Assert.Equal("pima-trial-1 (cab029)", line.Name);
        Assert.Equal([new ChartPoint(0, 0.7), new ChartPoint(1, 0.8), new ChartPoint(2, 0.82)], line.Points);
    }

    [Fact]
    public void Runs_that_share_a_name_are_told_apart_by_the_end_of_their_id()
    {
        Assert.NotEqual(RunComparison.Label(Forest), RunComparison.Label(Tree));
    }

    [Fact]
    public void A_numeric_parameter_is_plotted_at_its_value()
    {
        var axis = RunComparison.ParamPoints([[Forest, Tree], [Logistic]], "trees", "auc");

        Assert.Null(axis.Categories);
        Assert.Equal([new ChartPoint(300, 0.82), new ChartPoint(100, 0.78)], axis.Points[0]);
        Assert.Empty(axis.Points[1]);
    }

    [Fact]
    public void A_named_parameter_is_plotted_at_the_position_of_its_value()
    {
        var axis = RunComparison.ParamPoints([[Forest, Tree], [Logistic]], "trainer", "auc");

        Assert.Equal(["FastForest", "FastTree", "LbfgsLogisticRegression"], axis.Categories);
        Assert.Equal([new ChartPoint(0, 0.82), new ChartPoint(1, 0.78)], axis.Points[0]);
        Assert.Equal([new ChartPoint(2, 0.81)], axis.Points[1]);
    }

    [Fact]
    public void The_defaults_are_the_usual_metric_and_a_parameter_that_differs()
    {
        Assert.Equal("auc", RunComparison.DefaultMetric([Forest, Tree]));
        Assert.Equal("trainer", RunComparison.DefaultParam([Forest, Tree, Logistic]));
        Assert.Null(RunComparison.DefaultMetric([]));
    }

    private static MetricPoint Point(double value, long step) => new(value, step, DateTimeOffset.UnixEpoch);

    private static TrackedRun Run(string id, string name, string trainer, string? trees, double auc) =>
        new(Guid.Parse(id), "pima", name, "finished", DateTimeOffset.UnixEpoch, null,
            trees is null ? new Dictionary<string, string> { ["trainer"] = trainer } : new Dictionary<string, string> { ["trainer"] = trainer, ["trees"] = trees },
            new Dictionary<string, double> { ["auc"] = auc, ["accuracy"] = 0.7 },
            new Dictionary<string, string>());
}