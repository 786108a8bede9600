using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// One row of a <see cref="RequestTable"/> as ML.NET reads it. It is moved from row to row instead of being
/// created per row, and its getters are made once, so scoring a row allocates nothing here.
/// </summary>
internal sealed class RequestRow : DataViewRow
{
    private readonly Delegate[] _getters;
    private RequestTable? _table;
    private int _row;
    private long _position = -1;

    public RequestRow(InputSchema inputs)
    {
        Schema = inputs.DataViewSchema;
        _getters = new Delegate[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var feature = i;
            _getters[i] = inputs.Features[i].Kind == FeatureKind.Numeric
                ? (ValueGetter<float>)((ref float value) => value = _table!.Numbers[feature]![_row])
                : (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) =>
                    value = _table!.IsUnknown(feature, _row) ? ReadOnlyMemory<char>.Empty : _table.Texts[feature]![_row]);
        }
    }

    public override DataViewSchema Schema { get; }

    // A new position for every row: ML.NET getters may cache what they computed for a position.
    public override long Position => _position;

    public override long Batch => 0;

    public void MoveTo(RequestTable table, int row)
    {
        _table = table;
        _row = row;
        _position++;
    }

    public void Release() => _table = null;

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => (ValueGetter<TValue>)_getters[column.Index];

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
}