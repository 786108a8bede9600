using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Training.Service.Learning;

/// <summary>
/// A <see cref="TrainingTable"/> seen as an ML.NET data view: numeric features as Single, the other kinds as text,
/// plus the label as the trainer wants it (Boolean for binary, Single for regression, text for multiclass, mapped
/// to a key before training) and an optional weight column.
/// </summary>
internal sealed class TableDataView : IDataView
{
    private readonly List<Func<Func<int>, Delegate>> _getters = [];
    private readonly int _rows;

    public TableDataView(TrainingTable table, ModelTask task, string? positiveClass, float[]? weights)
    {
        _rows = table.Rows;
        var schema = new DataViewSchema.Builder();
        foreach (var feature in table.Features)
        {
            if (feature.Kind == FeatureKind.Numeric)
            {
                var values = feature.Numbers!;
                Add(schema, feature.Name, NumberDataViewType.Single, row => (ValueGetter<float>)((ref float value) => value = values[row()]));
            }
            else
            {
                var values = feature.Strings!;
                Add(schema, feature.Name, TextDataViewType.Instance,
                    row => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = (values[row()] ?? "").AsMemory()));
            }
        }

        var label = table.Label;
        switch (task)
        {
            case ModelTask.Binary:
                Add(schema, ColumnNames.Label, BooleanDataViewType.Instance,
                    row => (ValueGetter<bool>)((ref bool value) => value = label.Strings![row()] == positiveClass));
                break;
            case ModelTask.Regression:
                Add(schema, ColumnNames.Label, NumberDataViewType.Single,
                    row => (ValueGetter<float>)((ref float value) => value = label.Numbers![row()]));
                break;
            default:
                Add(schema, ColumnNames.Label, TextDataViewType.Instance,
                    row => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = label.Strings![row()].AsMemory()));
                break;
        }

        if (weights is not null)
        {
            Add(schema, ColumnNames.Weight, NumberDataViewType.Single, row => (ValueGetter<float>)((ref float value) => value = weights[row()]));
        }

        Schema = schema.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this)];

    private void Add(DataViewSchema.Builder schema, string name, DataViewType type, Func<Func<int>, Delegate> getter)
    {
        schema.AddColumn(name, type);
        _getters.Add(getter);
    }

    private sealed class Cursor(TableDataView view) : DataViewRowCursor
    {
        private int _row = -1;

        public override long Position => _row;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext() => ++_row < view._rows;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            (ValueGetter<TValue>)view._getters[column.Index](() => _row);
    }
}