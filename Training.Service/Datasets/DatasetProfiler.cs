using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Datasets;

/// <summary>
/// The first pass over an upload: checks the header and every row's width, gathers each column's statistics,
/// then infers the schema. Bin counts need a second pass (<see cref="CreateBinCounter"/>) over the same bytes.
/// </summary>
public sealed class DatasetProfiler(string label) : ICsvRecordSink
{
    public const int Bins = 10;
    public const int TopCategories = 20;

    private ColumnStatistics[] _columns = [];
    private FeatureKind[] _kinds = [];
    private double[][] _edges = [];
    private int _labelIndex = -1;

    public long Rows { get; private set; }

    public void OnRecord(CsvRecord record)
    {
        if (_columns.Length == 0)
        {
            ReadHeader(record);
            return;
        }

        if (record.Count != _columns.Length)
        {
            throw new CsvFormatException(record.Line, $"The row has {record.Count} fields but the header has {_columns.Length}.");
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Add(record[i]);
        }

        Rows++;
    }

    /// <summary>Decides every column's kind once all rows are read; throws <see cref="DatasetRejectedException"/> for an unusable dataset.</summary>
    public DatasetSchema Infer()
    {
        if (_columns.Length == 0)
        {
            throw new DatasetRejectedException("body", "The body has no header row: the first non-blank line must name the columns.");
        }

        if (Rows == 0)
        {
            throw new DatasetRejectedException("body", "The body has a header but no data rows.");
        }

        _kinds = _columns
            .Select((column, i) => i == _labelIndex ? SchemaInference.LabelKindOf(column) : SchemaInference.FeatureKindOf(column))
            .ToArray();
        _edges = _columns
            .Select((column, i) => _kinds[i] == FeatureKind.Numeric ? column.BinEdges(Bins) : [])
            .ToArray();

        var columns = _columns.Select((column, i) => new DatasetColumn(
                column.Name, _kinds[i], column.Missing, column.Distinct, HasCategories(_kinds[i]) ? Categories(column) : null))
            .ToList();
        var labelKind = _kinds[_labelIndex];
        return new DatasetSchema(
            columns,
            new DatasetLabel(label, labelKind, HasCategories(labelKind) ? Categories(_columns[_labelIndex]) : null));
    }

    /// <summary>The second pass, counting every numeric value into the bins <see cref="Infer"/> chose.</summary>
    public BinCounter CreateBinCounter() => new(_edges);

    public DataProfile Profile(BinCounter bins)
    {
        var columns = _columns.Select((column, i) => _kinds[i] == FeatureKind.Numeric
                ? new ColumnProfile(
                    column.Name, _kinds[i], column.Count, column.Missing, column.Distinct,
                    Finite(column.Min), Finite(column.Max), Finite(column.Mean), Finite(column.Std), _edges[i], bins.Counts(i))
                : new ColumnProfile(
                    column.Name, _kinds[i], column.Count, column.Missing, column.Distinct,
                    TopCategories: column.TopCategories(TopCategories)))
            .ToList();
        var labelColumn = _columns[_labelIndex];
        return new DataProfile(
            Rows,
            columns,
            label,
            HasCategories(_kinds[_labelIndex]) ? labelColumn.TopCategories(SchemaInference.MaxClasses) : null);
    }

    private void ReadHeader(CsvRecord record)
    {
        var names = new string[record.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < record.Count; i++)
        {
            names[i] = record[i].ToString();
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw new CsvFormatException(record.Line, $"Column {i + 1} of the header has an empty name.");
            }

            if (!seen.TryAdd(names[i], i))
            {
                throw new CsvFormatException(record.Line,
                    $"The column name '{names[i]}' appears more than once in the header (columns {seen[names[i]] + 1} and {i + 1}).");
            }
        }

        _labelIndex = Array.IndexOf(names, label);
        if (_labelIndex < 0)
        {
            throw new DatasetRejectedException("label",
                $"The label column '{label}' is not in the header; the columns are: {string.Join(", ", names)}.");
        }

        _columns = names.Select(name => new ColumnStatistics(name)).ToArray();
    }

    private static bool HasCategories(FeatureKind kind) => kind is FeatureKind.Categorical or FeatureKind.Boolean;

    private static List<string> Categories(ColumnStatistics column) => column.Frequencies.Keys.Order(StringComparer.Ordinal).ToList();

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}