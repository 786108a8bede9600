using Microsoft.ML;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// A trainer the search may use for a task: its search space, whether it wants normalised features (linear
/// learners do, trees do not), and how to build it for given hyper-parameters.
/// </summary>
public sealed record TrainerDefinition(
    string Name,
    ModelTask Task,
    bool NeedsNormalization,
    IReadOnlyList<SearchDimension> Space,
    Func<MLContext, TrainerArguments, IEstimator<ITransformer>> Create);

/// <summary>
/// What every trainer is built with: the trial's hyper-parameters, the optional weight column, a seed, and the
/// threads a tree learner may use (null: as many as it likes).
/// </summary>
public sealed record TrainerArguments(HyperParameters HyperParameters, string? WeightColumn, int Seed, int? TreeThreads = null);