using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Datasets;

/// <summary>
/// One column's first-pass statistics in bounded memory: counts, which kinds every value fits, Welford's
/// running mean and variance, a reservoir sample for quantiles, and value frequencies up to
/// <see cref="MaxTrackedValues"/> distinct values (past that, <see cref="Distinct"/> stops growing).
/// </summary>
public sealed class ColumnStatistics
{
    public const int MaxTrackedValues = 10_000;
    public const int SampleSize = 10_000;

    private readonly Dictionary<string, long> _frequencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<double> _sample = [];

    // A fixed seed: the same bytes always give the same profile.
    private readonly Random _random = new(20_240_601);
    private double _mean;
    private double _m2;

    public ColumnStatistics(string name)
    {
        Name = name;
        _lookup = _frequencies.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    public long Count { get; private set; }

    public long Missing { get; private set; }

    public bool AllNumeric { get; private set; } = true;

    public bool AllIntegers { get; private set; } = true;

    public bool AllBooleans { get; private set; } = true;

    /// <summary>Distinct values seen, exact up to <see cref="MaxTrackedValues"/>.</summary>
    public long Distinct => _frequencies.Count;

    public bool DistinctOverflowed { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public double Mean => _mean;

    /// <summary>The sample standard deviation (0 for a single value).</summary>
    public double Std => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0;

    public IReadOnlyDictionary<string, long> Frequencies => _frequencies;

    public void Add(ReadOnlySpan<char> value)
    {
        if (CsvValues.IsMissing(value))
        {
            Missing++;
            return;
        }

        Count++;
        Track(value);
        AllBooleans = AllBooleans && CsvValues.IsBoolean(value);
        if (!AllNumeric)
        {
            return;
        }

        if (!CsvValues.TryParseNumber(value, out var number))
        {
            AllNumeric = false;
            AllIntegers = false;
            _sample.Clear();
            _sample.TrimExcess();
            return;
        }

        AllIntegers = AllIntegers && Math.Floor(number) == number;
        Min = Math.Min(Min, number);
        Max = Math.Max(Max, number);
        var delta = number - _mean;
        _mean += delta / Count;
        _m2 += delta * (number - _mean);
        Sample(number);
    }

    /// <summary>Up to <paramref name="bins"/> quantile bins: edges from the sample, the true min and max outermost, duplicates removed.</summary>
    public double[] BinEdges(int bins)
    {
        if (Count == 0 || !AllNumeric)
        {
            return [];
        }

        var sorted = _sample.ToArray();
        Array.Sort(sorted);
        var edges = new List<double> { Min };
        for (var i = 1; i < bins; i++)
        {
            var edge = sorted[(int)Math.Round((double)i / bins * (sorted.Length - 1))];
            if (edge > edges[^1] && edge < Max)
            {
                edges.Add(edge);
            }
        }

        // A constant column still gets one bin, [v, v].
        edges.Add(Max);
        return [.. edges];
    }

    public IReadOnlyList<CategoryFrequency> TopCategories(int limit) =>
        _frequencies
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(pair => new CategoryFrequency(pair.Key, pair.Value))
            .ToList();

    private void Track(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var seen))
        {
            _lookup[value] = seen + 1;
        }
        else if (_frequencies.Count < MaxTrackedValues)
        {
            _lookup[value] = 1;
        }
        else
        {
            DistinctOverflowed = true;
        }
    }

    private void Sample(double number)
    {
        if (_sample.Count < SampleSize)
        {
            _sample.Add(number);
            return;
        }

        var slot = _random.NextInt64(Count);
        if (slot < SampleSize)
        {
            _sample[(int)slot] = number;
        }
    }
}