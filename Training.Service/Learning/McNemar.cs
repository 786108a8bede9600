namespace MlOps.Training.Service.Learning;

/// <summary>
/// McNemar's test of two classifiers scored on the same rows, from the rows exactly one of them got right, with
/// Edwards' continuity correction: χ² = (|b − c| − 1)² / (b + c) on one degree of freedom, as R's mcnemar.test.
/// </summary>
public static class McNemar
{
    private static readonly double[] ErfcCoefficients =
    [
        -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
        0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
    ];

    /// <param name="firstOnlyCorrect">b: rows only the first classifier got right.</param>
    /// <param name="secondOnlyCorrect">c: rows only the second classifier got right.</param>
    /// <returns>χ² and its two-sided p-value; with no discordant rows nothing tells them apart, so χ² = 0 and p = 1.</returns>
    public static (double ChiSquare, double PValue) Test(int firstOnlyCorrect, int secondOnlyCorrect)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstOnlyCorrect);
        ArgumentOutOfRangeException.ThrowIfNegative(secondOnlyCorrect);
        var discordant = firstOnlyCorrect + secondOnlyCorrect;
        if (discordant == 0)
        {
            return (0, 1);
        }

        var corrected = Math.Abs(firstOnlyCorrect - secondOnlyCorrect) - 1.0;
        var chiSquare = corrected * corrected / discordant;
        return (chiSquare, ChiSquareSurvivalOneDegree(chiSquare));
    }

    /// <summary>P(X² ≥ x) on one degree of freedom, which is erfc(√(x/2)).</summary>
    public static double ChiSquareSurvivalOneDegree(double x) => x <= 0 ? 1 : Erfc(Math.Sqrt(x / 2));

    // erfc(x) for x >= 0 by Numerical Recipes' erfcc: a Chebyshev fit with fractional error below 1.2e-7.
    private static double Erfc(double x)
    {
        var t = 1 / (1 + (0.5 * x));
        var polynomial = 0.0;
        for (var i = ErfcCoefficients.Length - 1; i >= 0; i--)
        {
            polynomial = (polynomial * t) + ErfcCoefficients[i];
        }

        return t * Math.Exp(-(x * x) + polynomial);
    }
}