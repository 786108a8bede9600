using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// A model bound once to a movable request row, with its output getters fetched once: scoring moves the row and
/// calls the getters, so it allocates nothing per row. Not thread-safe; a <see cref="LoadedModel"/> pools them.
/// </summary>
internal sealed class ScoringEngine : IScoringEngine
{
    private readonly ModelOutputs _outputs;
    private readonly RequestRow _input;
    private readonly DataViewRow _output;
    private readonly ValueGetter<bool>? _predictedLabel;
    private readonly ValueGetter<float>? _score;
    private readonly ValueGetter<VBuffer<float>>? _scores;
    private VBuffer<float> _buffer;

    public ScoringEngine(ITransformer model, InputSchema inputs, ModelOutputs outputs)
    {
        _outputs = outputs;
        _input = new RequestRow(inputs);
        var mapper = model.GetRowToRowMapper(inputs.DataViewSchema);
        var schema = mapper.OutputSchema;
        var columns = new List<DataViewSchema.Column>();
        switch (outputs.Task)
        {
            case ModelTask.Binary:
                columns.Add(schema[ModelOutputs.PredictedLabel]);
                if (outputs.HasProbabilities)
                {
                    columns.Add(schema[ModelOutputs.Probability]);
                }

                break;
            default:
                columns.Add(schema[ModelOutputs.Score]);
                break;
        }

        _output = mapper.GetRow(_input, columns);
        switch (outputs.Task)
        {
            case ModelTask.Binary:
                _predictedLabel = _output.GetGetter<bool>(schema[ModelOutputs.PredictedLabel]);
                _score = outputs.HasProbabilities ? _output.GetGetter<float>(schema[ModelOutputs.Probability]) : null;
                break;
            case ModelTask.Multiclass:
                _scores = _output.GetGetter<VBuffer<float>>(schema[ModelOutputs.Score]);
                break;
            default:
                _score = _output.GetGetter<float>(schema[ModelOutputs.Score]);
                break;
        }
    }

    public void Score(RequestTable table, ScoredBatch into)
    {
        try
        {
            for (var row = 0; row < table.Rows; row++)
            {
                _input.MoveTo(table, row);
                switch (_outputs.Task)
                {
                    case ModelTask.Binary:
                        ScoreBinary(row, into);
                        break;
                    case ModelTask.Multiclass:
                        ScoreMulticlass(row, into);
                        break;
                    default:
                        var value = 0f;
                        _score!(ref value);
                        into.Values![row] = value;
                        break;
                }
            }
        }
        finally
        {
            _input.Release();
        }
    }

    private void ScoreBinary(int row, ScoredBatch into)
    {
        var positive = false;
        _predictedLabel!(ref positive);
        var probability = 0f;
        _score?.Invoke(ref probability);
        into.SetBinary(row, positive, probability);
    }

    private void ScoreMulticlass(int row, ScoredBatch into)
    {
        _scores!(ref _buffer);
        var classes = _outputs.Classes;
        var probabilities = into.Probabilities!.AsSpan(row * classes, classes);
        var values = _buffer.GetValues();
        var slotToClass = _outputs.SlotToClass!;
        if (_buffer.IsDense)
        {
            for (var slot = 0; slot < values.Length; slot++)
            {
                probabilities[slotToClass[slot]] = values[slot];
            }
        }
        else
        {
            probabilities.Clear();
            var indices = _buffer.GetIndices();
            for (var i = 0; i < values.Length; i++)
            {
                probabilities[slotToClass[indices[i]]] = values[i];
            }
        }

        var best = 0;
        for (var c = 1; c < classes; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }

        into.Labels![row] = best;
    }
}