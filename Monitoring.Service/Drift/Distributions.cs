namespace MlOps.Monitoring.Service.Drift;

/// <summary>The tail probabilities behind the drift tests' p-values (Numerical Recipes' algorithms).</summary>
public static class Distributions
{
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;
    private const int MaxIterations = 1000;

    // Lanczos approximation, g = 7, nine coefficients: about 15 significant digits for x >= 0.5.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>P(X² ≥ <paramref name="x"/>) for a chi-square variable with the given degrees of freedom.</summary>
    public static double ChiSquareSurvival(double x, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return RegularizedUpperGamma(degreesOfFreedom / 2.0, x / 2);
    }

    /// <summary>
    /// Kolmogorov's Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the asymptotic P(√n·D ≥ λ). Below λ = 1.18 that series
    /// converges slowly, so the equivalent 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} is summed instead.
    /// </summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (double.IsNaN(lambda))
        {
            throw new ArgumentException("λ must be a number.", nameof(lambda));
        }

        if (lambda <= 0)
        {
            return 1;
        }

        double sum = 0;
        if (lambda < 1.18)
        {
            for (var k = 1; k <= MaxIterations; k++)
            {
                var term = Math.Exp(-((2 * k) - 1) * ((2 * k) - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
                sum += term;
                if (term <= Epsilon * sum)
                {
                    break;
                }
            }

            return Math.Clamp(1 - (Math.Sqrt(2 * Math.PI) / lambda * sum), 0, 1);
        }

        for (var k = 1; k <= MaxIterations; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += k % 2 == 1 ? term : -term;
            if (term <= Epsilon * sum)
            {
                break;
            }
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): a series below x = a + 1, a continued fraction (modified Lentz) above.</summary>
    public static double RegularizedUpperGamma(double a, double x)
    {
        if (!(a > 0) || !(x >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Q(a, x) needs a > 0 and x >= 0, not a = {a}, x = {x}.");
        }

        if (x == 0)
        {
            return 1;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        var prefactor = Math.Exp(-x + (a * Math.Log(x)) - LogGamma(a));
        return x < a + 1
            ? Math.Clamp(1 - (prefactor * LowerGammaSeries(a, x)), 0, 1)
            : Math.Clamp(prefactor * UpperGammaContinuedFraction(a, x), 0, 1);
    }

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "ln Γ(x) is only defined here for x > 0.");
        }

        if (x < 0.5)
        {
            return LogGamma(x + 1) - Math.Log(x);
        }

        x -= 1;
        var series = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            series += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(series);
    }

    private static double LowerGammaSeries(double a, double x)
    {
        var denominator = a;
        var term = 1 / a;
        var sum = term;
        for (var n = 0; n < MaxIterations && Math.Abs(term) >= Math.Abs(sum) * Epsilon; n++)
        {
            denominator++;
            term *= x / denominator;
            sum += term;
        }

        return sum;
    }

    private static double UpperGammaContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var fraction = d;
        for (var i = 1; i <= MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            d = 1 / d;
            var delta = d * c;
            fraction *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return fraction;
    }
}