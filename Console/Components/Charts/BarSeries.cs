namespace MlOps.Console.Components.Charts;

/// <summary>One value per category of the chart, in the chart's category order.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);