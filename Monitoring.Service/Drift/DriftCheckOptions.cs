namespace MlOps.Monitoring.Service.Drift;

/// <param name="Method">The test to run; <see cref="DriftMethod.Auto"/> lets <see cref="DriftTestChooser"/> pick.</param>
/// <param name="Threshold">Overrides the method's <see cref="DriftMethodExtensions.DefaultThreshold"/>.</param>
/// <param name="MinimumCurrentRows">Fewer current rows than this make the check insufficient data, not a verdict.</param>
public sealed record DriftCheckOptions(DriftMethod Method = DriftMethod.Auto, double? Threshold = null, long MinimumCurrentRows = 30);