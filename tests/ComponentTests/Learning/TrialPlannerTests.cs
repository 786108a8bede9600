using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Learning;

using Xunit;

namespace MlOps.ComponentTests.Learning;

public sealed class TrialPlannerTests
{
    [Fact]
    public void Trainers_take_turns_within_the_budget()
    {
        var trainers = TrainerCatalog.For(ModelTask.Binary);

        var plan = TrialPlanner.Plan(trainers, SearchStrategy.Random, trials: 12, seed: 1);

        Assert.Equal(12, plan.Count);
        Assert.Equal(Enumerable.Range(1, 12), plan.Select(trial => trial.Number));
        Assert.Equal(trainers.Select(t => t.Name), plan.Take(trainers.Count).Select(trial => trial.Trainer.Name));
        Assert.All(plan.GroupBy(trial => trial.Trainer.Name), group => Assert.InRange(group.Count(), 2, 3));
    }

    [Fact]
    public void Random_search_never_repeats_a_point_and_is_reproducible_by_seed()
    {
        var trainers = new[] { TrainerCatalog.Find(ModelTask.Binary, "LbfgsLogisticRegression")! };

        var first = TrialPlanner.Plan(trainers, SearchStrategy.Random, trials: 16, seed: 9).Select(trial => trial.HyperParameters.ToString()).ToList();
        var again = TrialPlanner.Plan(trainers, SearchStrategy.Random, trials: 16, seed: 9).Select(trial => trial.HyperParameters.ToString()).ToList();

        Assert.Equal(16, first.Distinct().Count());
        Assert.Equal(first, again);
    }

    [Fact]
    public void Grid_search_walks_the_grid_in_order_and_stops_when_it_is_exhausted()
    {
        var linear = TrainerCatalog.Find(ModelTask.Binary, "LbfgsLogisticRegression")!;
        var gridSize = linear.Space.Aggregate(1, (size, dimension) => size * dimension.Values.Count);

        var plan = TrialPlanner.Plan([linear], SearchStrategy.Grid, trials: 1000, seed: 1);

        Assert.Equal(gridSize, plan.Count);
        Assert.Equal(linear.Space[0].Values[0], plan[0].HyperParameters.Values[linear.Space[0].Name]);
        Assert.Equal(plan.Count, plan.Select(trial => trial.HyperParameters.ToString()).Distinct().Count());
    }
}