namespace MlOps.Training.Service.Datasets;

/// <summary>Counts every value of each numeric column into its bins: <c>[edge i, edge i+1)</c>, the last bin closed.</summary>
public sealed class BinCounter(IReadOnlyList<double[]> edges) : ICsvRecordSink
{
    private readonly long[][] _counts = edges.Select(column => new long[Math.Max(column.Length - 1, 0)]).ToArray();
    private bool _headerSeen;

    public void OnRecord(CsvRecord record)
    {
        if (!_headerSeen)
        {
            _headerSeen = true;
            return;
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i].Length > 0 && !CsvValues.IsMissing(record[i]) && CsvValues.TryParseNumber(record[i], out var value))
            {
                _counts[i][BinOf(edges[i], value)]++;
            }
        }
    }

    public IReadOnlyList<long> Counts(int column) => _counts[column];

    private static int BinOf(double[] columnEdges, double value)
    {
        var bins = columnEdges.Length - 1;
        for (var bin = 1; bin < bins; bin++)
        {
            if (value < columnEdges[bin])
            {
                return bin - 1;
            }
        }

        return bins - 1;
    }
}