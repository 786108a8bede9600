using MlOps.Console.Components.Charts;

namespace MlOps.Console.Runs;

/// <summary>Points per group of runs; <see cref="Categories"/> is set when the parameter's values are names, in X order.</summary>
public sealed record ParamAxis(IReadOnlyList<IReadOnlyList<ChartPoint>> Points, IReadOnlyList<string>? Categories);