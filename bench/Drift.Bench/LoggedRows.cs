namespace MlOps.Drift.Bench;

/// <summary>
/// The logged predictions of one window, held column by column (about 100 bytes a row; a million row objects with
/// their dictionaries would be ten times that). Rows are spread evenly over the window in time order; from
/// <see cref="ShiftFrom"/> on they come from <see cref="BenchModel"/>'s shifted world.
/// </summary>
public sealed class LoggedRows
{
    private LoggedRows(int count, DateTimeOffset from, TimeSpan window, TimeSpan shiftFrom)
    {
        Count = count;
        From = from;
        Window = window;
        ShiftFrom = shiftFrom;
        Numeric = [.. BenchModel.Numeric.Select(_ => new double[count])];
        Categorical = [.. BenchModel.Categorical.Select(_ => new string[count])];
        Labels = new string[count];
        LatencyMs = new double[count];
    }

    public int Count { get; }

    public DateTimeOffset From { get; }

    public TimeSpan Window { get; }

    public DateTimeOffset To => From + Window;

    /// <summary>How far into the window the shifted rows start.</summary>
    public TimeSpan ShiftFrom { get; }

    /// <summary>[feature][row], in <see cref="BenchModel.Numeric"/> order.</summary>
    public double[][] Numeric { get; }

    /// <summary>[feature][row], in <see cref="BenchModel.Categorical"/> order.</summary>
    public string[][] Categorical { get; }

    /// <summary>The predicted class of each row.</summary>
    public string[] Labels { get; }

    public double[] LatencyMs { get; }

    public DateTimeOffset ServedAt(int row) => From + TimeSpan.FromTicks(Window.Ticks / Count * row);

    public static LoggedRows Generate(int count, DateTimeOffset from, TimeSpan window, TimeSpan shiftFrom, int seed)
    {
        var rows = new LoggedRows(count, from, window, shiftFrom);
        var random = new Random(seed);
        var shiftedFrom = from + shiftFrom;
        for (var row = 0; row < count; row++)
        {
            var shifted = rows.ServedAt(row) >= shiftedFrom;
            for (var f = 0; f < rows.Numeric.Length; f++)
            {
                rows.Numeric[f][row] = BenchModel.NumericValue(f, random, shifted);
            }

            for (var f = 0; f < rows.Categorical.Length; f++)
            {
                rows.Categorical[f][row] = BenchModel.CategoricalValue(f, random, shifted);
            }

            rows.Labels[row] = BenchModel.Label(random, shifted);
            rows.LatencyMs[row] = BenchModel.LatencyMs(random);
        }

        return rows;
    }
}