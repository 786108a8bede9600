namespace MlOps.Training.Service.Learning;

/// <summary>One hyper-parameter and the values the search may give it.</summary>
public sealed record SearchDimension(string Name, IReadOnlyList<double> Values);