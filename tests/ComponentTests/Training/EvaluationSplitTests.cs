using MlOps.Training.Service.Learning;

using Xunit;

namespace MlOps.ComponentTests.Training;

public sealed class EvaluationSplitTests
{
    [Theory]
    [InlineData(100, 0.3, 30)]
    [InlineData(61, 0.3, 18)]
    [InlineData(5, 0.5, 3)]
    [InlineData(40, 0, 0)]
    [InlineData(0, 0.3, 0)]
    public void The_evaluation_part_takes_the_fraction_of_the_rows_and_training_the_rest(int rows, double fraction, int expected)
    {
        var (evaluation, training) = EvaluationSplit.Split(rows, fraction, seed: 7);

        Assert.Equal(expected, evaluation.Length);
        Assert.Equal(rows - expected, training.Length);
    }

    [Fact]
    public void The_parts_are_disjoint_cover_every_row_and_keep_the_rows_order()
    {
        var (evaluation, training) = EvaluationSplit.Split(200, 0.3, seed: 3);

        Assert.Empty(evaluation.Intersect(training));
        Assert.Equal(Enumerable.Range(0, 200), evaluation.Concat(training).Order());
        Assert.Equal(evaluation.Order(), evaluation);
        Assert.Equal(training.Order(), training);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var first = EvaluationSplit.Split(200, 0.3, seed: 42);
        var again = EvaluationSplit.Split(200, 0.3, seed: 42);
        var other = EvaluationSplit.Split(200, 0.3, seed: 43);

        Assert.Equal(first.Evaluation, again.Evaluation);
        Assert.Equal(first.Training, again.Training);
        Assert.NotEqual(first.Evaluation, other.Evaluation);
    }

    [Fact]
    public void The_evaluation_rows_are_spread_over_the_table_not_taken_from_one_end()
    {
        var (evaluation, _) = EvaluationSplit.Split(1000, 0.3, seed: 5);

        Assert.InRange(evaluation.Count(row => row < 500), 100, 200);
    }
}