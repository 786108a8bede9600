using MlOps.Console.Api.Training;
using MlOps.Console.Runs;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class RunColumnTests
{
    private static readonly TrackedRun Run = new(
        Guid.Parse("01a24036-941c-75bb-846a-862cc3cab029"), "pima", "pima-trial-1", "finished",
        new DateTimeOffset(2026, 12, 4, 8, 40, 48, TimeSpan.Zero), null,
        new Dictionary<string, string> { ["trainer"] = "FastForest", ["trees"] = "300" },
        new Dictionary<string, double> { ["auc"] = 0.81837, ["auc_fold"] = 0.8, ["f1"] = 0.6 },
        new Dictionary<string, string> { ["mlops.best"] = "true" });

    [Fact]
    public void A_list_of_columns_keeps_each_once_in_order_and_names_the_unknown_ones()
    {
        var (columns, unknown) = RunColumn.ParseList(" params.trainer, metric.auc,,metrics.auc, tags.mlops.best, foo, attributes.nope, attributes.status");

        Assert.Equal(
            [new RunColumn("params", "trainer"), new RunColumn("metrics", "auc"), new RunColumn("tags", "mlops.best"), new RunColumn("attributes", "status")],
            columns);
        Assert.Equal(["foo", "attributes.nope"], unknown);
    }

    [Theory]
    [InlineData("metrics.auc", "0.8184")]
    [InlineData("params.trainer", "FastForest")]
    [InlineData("tags.mlops.best", "true")]
    [InlineData("attributes.run_name", "pima-trial-1")]
    [InlineData("attributes.start_time", "2026-12-04 08:40:48")]
    [InlineData("attributes.end_time", "—")]
    [InlineData("metrics.logloss", "—")]
    public void A_column_shows_the_runs_value(string name, string shown)
    {
        Assert.True(RunColumn.TryParse(name, out var column));
        Assert.Equal(shown, column.Display(Run));
    }

    [Fact]
    public void A_metric_value_stays_a_number_for_the_export()
    {
        Assert.True(RunColumn.TryParse("metrics.auc", out var column));
        Assert.Equal(0.81837, column.ValueOf(Run));
    }

    [Fact]
    public void Without_a_choice_the_trainer_and_the_plain_metrics_are_shown()
    {
        Assert.Equal([new RunColumn("params", "trainer"), new RunColumn("metrics", "auc"), new RunColumn("metrics", "f1")], RunColumn.Defaults([Run]));
    }

    [Theory]
    [InlineData("metrics.auc", "metrics.auc")]
    [InlineData("tags.mlops.best", "tags.mlops.best")]
    [InlineData("params.learning rate", "params.`learning rate`")]
    public void A_key_the_grammar_cannot_read_bare_is_quoted(string name, string grammar)
    {
        Assert.True(RunColumn.TryParse(name, out var column));
        Assert.Equal(grammar, column.GrammarName);
    }
}