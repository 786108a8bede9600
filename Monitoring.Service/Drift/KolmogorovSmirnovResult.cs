namespace MlOps.Monitoring.Service.Drift;

/// <summary>The largest gap D between the two cumulative shares and its asymptotic p-value.</summary>
public sealed record KolmogorovSmirnovResult(double Statistic, double PValue);