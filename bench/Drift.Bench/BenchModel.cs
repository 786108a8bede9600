namespace MlOps.Drift.Bench;

/// <summary>
/// The monitored model's world: 7 numeric and 3 categorical features and a binary label, each drawn from a fixed
/// distribution, or in the shifted hours from a moved one (age, balance, plan, channel and the label move; the rest
/// stay put). Category strings come from fixed arrays, so a million rows share a few dozen strings.
/// </summary>
public static class BenchModel
{
    public const string Name = "drift-bench";
    public const int Version = 1;
    public const string Tenant = "bench";

    public static readonly string[] Numeric = ["age", "income", "tenure_months", "balance", "score", "session_minutes", "utilisation"];

    public static readonly string[] Categorical = ["plan", "region", "channel"];

    public static readonly string[][] Categories =
    [
        ["basic", "standard", "plus", "premium", "enterprise"],
        ["north", "south", "east", "west", "central", "islands"],
        ["web", "ios", "android", "email", "phone", "store", "reseller", "api"],
    ];

    public static readonly string[] Classes = ["no", "yes"];

    /// <summary>A channel the training data never saw; it lands in the "other" bin.</summary>
    private const string UnseenChannel = "partner";

    private static readonly double[] PlanWeights = [0.4, 0.3, 0.15, 0.1, 0.05];
    private static readonly double[] ShiftedPlanWeights = [0.25, 0.25, 0.2, 0.15, 0.15];
    private static readonly double[] RegionWeights = [0.2, 0.2, 0.2, 0.2, 0.1, 0.1];
    private static readonly double[] ChannelWeights = [0.3, 0.2, 0.2, 0.1, 0.08, 0.06, 0.04, 0.02];

    public static double NumericValue(int feature, Random random, bool shifted) => feature switch
    {
        0 => Normal(random, shifted ? 52 : 45, 12),
        1 => Math.Exp(Normal(random, 10.5, 0.6)),
        2 => Exponential(random, 24),
        3 => Normal(random, 1000, shifted ? 450 : 300),
        4 => 300 + (550 * random.NextDouble()),
        5 => Exponential(random, 8) + Exponential(random, 8),
        _ => Math.Pow(random.NextDouble(), 2),
    };

    public static string CategoricalValue(int feature, Random random, bool shifted) => feature switch
    {
        0 => Categories[0][Pick(shifted ? ShiftedPlanWeights : PlanWeights, random.NextDouble())],
        1 => Categories[1][Pick(RegionWeights, random.NextDouble())],
        _ => shifted && random.NextDouble() < 0.1 ? UnseenChannel : Categories[2][Pick(ChannelWeights, random.NextDouble())],
    };

    public static string Label(Random random, bool shifted) => Classes[random.NextDouble() < (shifted ? 0.4 : 0.3) ? 1 : 0];

    public static double LatencyMs(Random random) => Math.Exp(Normal(random, 0.7, 0.5));

    private static double Normal(Random random, double mean, double std) =>
        mean + (std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    private static int Pick(double[] weights, double draw)
    {
        for (var i = 0; i < weights.Length - 1; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}