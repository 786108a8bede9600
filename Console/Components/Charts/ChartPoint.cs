namespace MlOps.Console.Components.Charts;

public readonly record struct ChartPoint(double X, double Y);