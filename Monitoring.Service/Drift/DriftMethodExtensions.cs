namespace MlOps.Monitoring.Service.Drift;

public static class DriftMethodExtensions
{
    /// <summary>The stable lower-case name stored in drift reports.</summary>
    public static string Name(this DriftMethod method) => method switch
    {
        DriftMethod.KolmogorovSmirnov => "ks",
        DriftMethod.Wasserstein => "wasserstein",
        DriftMethod.ChiSquare => "chisquare",
        DriftMethod.JensenShannon => "jensenshannon",
        DriftMethod.Psi => "psi",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Only a concrete method has a name."),
    };

    /// <summary>True when the method's threshold bounds a p-value (drift below it) rather than a distance (drift at or above it).</summary>
    public static bool TestsPValue(this DriftMethod method) => method is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquare;

    /// <summary>Evidently's defaults: p &lt; 0.05 for the tests, 0.1 for the distances and PSI (0.25 marks a significant PSI).</summary>
    public static double DefaultThreshold(this DriftMethod method) => method switch
    {
        DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquare => 0.05,
        DriftMethod.Wasserstein or DriftMethod.JensenShannon or DriftMethod.Psi => 0.1,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Only a concrete method has a threshold."),
    };
}