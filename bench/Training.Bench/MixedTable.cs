using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Learning;

namespace MlOps.Training.Bench;

/// <summary>
/// A generated binary-classification table of 6 numeric and 4 categorical features (10 in all) whose label
/// depends on both kinds, with 2 % of numeric values missing.
/// </summary>
public static class MixedTable
{
    public static TrainingTable Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var numeric = Enumerable.Range(0, 6).Select(_ => new float[rows]).ToArray();
        var categorical = Enumerable.Range(0, 4).Select(_ => new string?[rows]).ToArray();
        var label = new string?[rows];
        for (var row = 0; row < rows; row++)
        {
            var score = 0.0;
            for (var column = 0; column < numeric.Length; column++)
            {
                var value = (float)(random.NextDouble() * 10);
                score += value * (column % 2 == 0 ? 0.3 : -0.2);
                numeric[column][row] = random.Next(50) == 0 ? float.NaN : value;
            }

            for (var column = 0; column < categorical.Length; column++)
            {
                var category = random.Next(5 + column * 5);
                score += category % 3 == 0 ? 1 : 0;
                categorical[column][row] = $"c{column}_{category}";
            }

            label[row] = score + random.NextDouble() * 2 > 2.5 ? "yes" : "no";
        }

        var features = numeric.Select((values, i) => new TableColumn($"n{i}", FeatureKind.Numeric, Numbers: values))
            .Concat(categorical.Select((values, i) => new TableColumn($"c{i}", FeatureKind.Categorical, Strings: values)))
            .ToList();
        return new TrainingTable(features, new TableColumn("label", FeatureKind.Categorical, Strings: label));
    }
}