using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Datasets;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// Reads a dataset version's CSV into a <see cref="TrainingTable"/> following the schema inferred at upload:
/// numbers as floats (missing → NaN), booleans as "true"/"false", other kinds as trimmed strings (missing → null).
/// Rows without a label value cannot teach anything and are left out. With <paramref name="featuresMayBeAbsent"/>
/// (rows from elsewhere, such as labelled production data) the header must name the label, and a feature it lacks
/// is missing in every row; columns the schema does not know are ignored.
/// </summary>
public static class TrainingTableReader
{
    private const int BufferSize = 64 * 1024;

    public static async Task<TrainingTable> ReadAsync(
        Stream csv, DatasetSchema schema, CancellationToken cancellationToken, bool featuresMayBeAbsent = false)
    {
        var sink = new ColumnSink(schema, featuresMayBeAbsent);
        var reader = new CsvReader(sink);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await csv.ReadAsync(buffer, cancellationToken)) > 0)
        {
            reader.Append(buffer.AsSpan(0, read));
        }

        reader.Complete();
        return sink.ToTable();
    }

    private sealed class ColumnSink(DatasetSchema schema, bool featuresMayBeAbsent) : ICsvRecordSink
    {
        private readonly List<DatasetColumn> _features = schema.Columns.Where(column => column.Name != schema.Label.Name).ToList();
        private readonly List<List<float>> _numbers = [];
        private readonly List<List<string?>> _strings = [];
        private readonly List<float> _numericLabel = [];
        private readonly List<string?> _label = [];
        private int[] _positions = [];
        private int _labelPosition = -1;

        public void OnRecord(CsvRecord record)
        {
            if (_labelPosition < 0)
            {
                ReadHeader(record);
                return;
            }

            var label = record[_labelPosition];
            if (CsvValues.IsMissing(label))
            {
                return;
            }

            if (schema.Label.Kind == FeatureKind.Numeric)
            {
                _numericLabel.Add(CsvValues.TryParseNumber(label, out var value) ? (float)value : float.NaN);
            }
            else
            {
                _label.Add(Text(schema.Label.Kind, label));
            }

            for (var i = 0; i < _features.Count; i++)
            {
                var cell = _positions[i] < 0 ? [] : record[_positions[i]];
                if (_features[i].Kind == FeatureKind.Numeric)
                {
                    _numbers[i].Add(!CsvValues.IsMissing(cell) && CsvValues.TryParseNumber(cell, out var number) ? (float)number : float.NaN);
                }
                else
                {
                    _strings[i].Add(CsvValues.IsMissing(cell) ? null : Text(_features[i].Kind, cell));
                }
            }
        }

        public TrainingTable ToTable()
        {
            var features = _features.Select((column, i) => column.Kind == FeatureKind.Numeric
                ? new TableColumn(column.Name, column.Kind, Numbers: [.. _numbers[i]])
                : new TableColumn(column.Name, column.Kind, Strings: [.. _strings[i]])).ToList();
            var label = schema.Label.Kind == FeatureKind.Numeric
                ? new TableColumn(schema.Label.Name, FeatureKind.Numeric, Numbers: [.. _numericLabel])
                : new TableColumn(schema.Label.Name, schema.Label.Kind, Strings: [.. _label]);
            return new TrainingTable(features, label);
        }

        private void ReadHeader(CsvRecord header)
        {
            var names = Enumerable.Range(0, header.Count).Select(i => header[i].ToString()).ToList();
            _labelPosition = names.IndexOf(schema.Label.Name);
            _positions = _features.Select(column => names.IndexOf(column.Name)).ToArray();
            if (_labelPosition < 0 || (!featuresMayBeAbsent && _positions.Any(position => position < 0)))
            {
                throw new InvalidDataException("The dataset's header does not match its schema.");
            }

            foreach (var _ in _features)
            {
                _numbers.Add([]);
                _strings.Add([]);
            }
        }

        private static string Text(FeatureKind kind, ReadOnlySpan<char> value)
        {
            var trimmed = value.Trim();
            if (kind != FeatureKind.Boolean)
            {
                return trimmed.ToString();
            }

            return trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase)
                ? "true"
                : "false";
        }
    }
}