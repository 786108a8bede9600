namespace MlOps.Training.Service.Learning;

/// <summary>
/// Picks the (trainer, hyper-parameters) pairs a search tries within its trial budget. Trainers take turns, so a
/// small budget still tries each of them. Grid walks each trainer's grid in order; random draws without repeats.
/// </summary>
public static class TrialPlanner
{
    public static IReadOnlyList<PlannedTrial> Plan(IReadOnlyList<TrainerDefinition> trainers, SearchStrategy strategy, int trials, int seed)
    {
        var random = new Random(seed);
        var queues = trainers.Select(trainer => new Queue<HyperParameters>(strategy == SearchStrategy.Grid
            ? Grid(trainer.Space)
            : Grid(trainer.Space).OrderBy(_ => random.Next()))).ToList();

        var plan = new List<PlannedTrial>();
        while (plan.Count < trials && queues.Any(queue => queue.Count > 0))
        {
            for (var i = 0; i < trainers.Count && plan.Count < trials; i++)
            {
                if (queues[i].TryDequeue(out var parameters))
                {
                    plan.Add(new PlannedTrial(plan.Count + 1, trainers[i], parameters));
                }
            }
        }

        return plan;
    }

    private static IEnumerable<HyperParameters> Grid(IReadOnlyList<SearchDimension> space)
    {
        IEnumerable<Dictionary<string, double>> points = [[]];
        foreach (var dimension in space)
        {
            points = points.SelectMany(point => dimension.Values.Select(value => new Dictionary<string, double>(point) { [dimension.Name] = value }));
        }

        return points.Select(point => new HyperParameters(point));
    }
}

public sealed record PlannedTrial(int Number, TrainerDefinition Trainer, HyperParameters HyperParameters);