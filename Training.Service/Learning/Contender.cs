using Microsoft.ML;

namespace MlOps.Training.Service.Learning;

/// <summary>A registered version's model, with its classes in the model's order (empty for regression).</summary>
public sealed record Contender(int Version, ITransformer Model, IReadOnlyList<string> Classes);