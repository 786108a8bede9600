namespace MlOps.Training.Service.Learning;

/// <summary>
/// Splits rows into an evaluation part and a training part by a seeded shuffle, so the same rows, fraction and seed
/// always give the same disjoint parts. Each part keeps the rows' original order.
/// </summary>
public static class EvaluationSplit
{
    public static (int[] Evaluation, int[] Training) Split(int rows, double fraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (!(fraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The evaluation fraction is between 0 and 1.");
        }

        var order = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(order);
        var evaluation = (int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero);
        return ([.. order[..evaluation].Order()], [.. order[evaluation..].Order()]);
    }
}