namespace MlOps.Console.Components.Charts;

/// <summary>A named line of points, in X order.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);