using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Scores a <see cref="TreeModel"/>: ML.NET featurises each row through a row mapper bound once to a movable request
/// row, and the compiled trees turn the feature vector into the score. Allocates nothing per row. Not thread-safe.
/// </summary>
internal sealed class TreeScoringEngine : IScoringEngine
{
    private readonly TreeModel _model;
    private readonly RequestRow _input;
    private readonly DataViewRow _featurized;
    private readonly ValueGetter<VBuffer<float>> _features;
    private readonly ulong[] _exits;
    private readonly float[] _values;
    private VBuffer<float> _buffer;

    public TreeScoringEngine(TreeModel model, InputSchema inputs)
    {
        _model = model;
        _input = new RequestRow(inputs);
        var mapper = model.Featurizer.GetRowToRowMapper(inputs.DataViewSchema);
        var column = mapper.OutputSchema[model.FeatureColumn];
        _featurized = mapper.GetRow(_input, [column]);
        _features = _featurized.GetGetter<VBuffer<float>>(column);
        _exits = new ulong[model.Trees.Trees];
        _values = new float[model.Trees.UsedFeatures];
    }

    public void Score(RequestTable table, ScoredBatch into)
    {
        var values = into.Values;
        try
        {
            for (var row = 0; row < table.Rows; row++)
            {
                _input.MoveTo(table, row);
                _features(ref _buffer);
                var score = (float)_model.Trees.Evaluate(_buffer, _exits, _values);
                if (values is not null)
                {
                    values[row] = score;
                    continue;
                }

                var (positive, probability) = _model.Classify(score);
                into.SetBinary(row, positive, probability);
            }
        }
        finally
        {
            _input.Release();
        }
    }
}