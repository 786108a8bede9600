namespace MlOps.Monitoring.Service.Drift;

public enum DriftMethod
{
    /// <summary>Evidently's default for the feature: see <see cref="DriftTestChooser.Choose"/>.</summary>
    Auto,
    KolmogorovSmirnov,
    Wasserstein,
    ChiSquare,
    JensenShannon,
    Psi,
}