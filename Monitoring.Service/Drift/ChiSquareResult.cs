namespace MlOps.Monitoring.Service.Drift;

public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue);