using MlOps.Training.Service.Learning;

using Xunit;

namespace MlOps.ComponentTests.Training;

public sealed class McNemarTests
{
    [Fact]
    public void Ten_against_two_discordant_rows_is_the_textbook_chi_square_of_4_083_with_p_0_0433()
    {
        var (chiSquare, pValue) = McNemar.Test(10, 2);

        Assert.Equal(49.0 / 12, chiSquare, 10);
        Assert.Equal(0.0433, pValue, 4);
    }

    [Fact]
    public void The_test_is_symmetric_in_which_classifier_is_first()
    {
        Assert.Equal(McNemar.Test(10, 2), McNemar.Test(2, 10));
    }

    [Fact]
    public void Without_discordant_rows_nothing_tells_the_classifiers_apart()
    {
        Assert.Equal((0.0, 1.0), McNemar.Test(0, 0));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3.841459, 0.05)]
    [InlineData(6.634897, 0.01)]
    [InlineData(10.827566, 0.001)]
    public void The_chi_square_survival_matches_the_critical_values_of_one_degree_of_freedom(double chiSquare, double pValue)
    {
        Assert.Equal(pValue, McNemar.ChiSquareSurvivalOneDegree(chiSquare), 6);
    }
}