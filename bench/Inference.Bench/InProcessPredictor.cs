using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

using Microsoft.ML;

using MlOps.Contracts.ModelPackages;
using MlOps.Inference.Service.Apis;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Bench;

/// <summary>
/// The serving code without HTTP: the same package loaded into this process, each body read and validated, scored and
/// written as the response JSON, exactly as Inference.Service does between receiving a body and sending its answer.
/// </summary>
internal sealed class InProcessPredictor
{
    private readonly LoadedModel _model;
    private readonly InferenceOptions _options = new();

    private InProcessPredictor(LoadedModel model) => _model = model;

    public static async Task<InProcessPredictor> LoadAsync(byte[] package)
    {
        var contents = await ModelPackage.ReadAsync(new MemoryStream(package), new ModelPackageLimits(), CancellationToken.None);
        using var stream = contents.OpenModel();
        var model = new MLContext().Model.Load(stream, out _);
        return new InProcessPredictor(new LoadedModel(new ModelKey("default", contents.Manifest.Model), 1, "", contents.Manifest, model));
    }

    /// <summary>The trainer and its hyper-parameters, as the manifest names them.</summary>
    public string Model => $"{_model.Manifest.Trainer.Name} " + string.Join(", ",
        _model.Manifest.Trainer.HyperParameters.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"));

    /// <summary>Answers one body; returns the predictions written.</summary>
    public int Predict(byte[] body)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = RequestReader.Read(body, _model.Inputs, _options);
        var table = parsed.Table ?? throw new InvalidOperationException($"The body was refused: {parsed.Problems.Count} problem(s).");
        var scored = _model.Score(table, ServingNames.ChampionRoute, started);
        var output = new ArrayBufferWriter<byte>(256 * scored.Rows);
        using (var writer = new Utf8JsonWriter(output))
        {
            PredictionsResult.Write(writer, scored);
        }

        return scored.Rows;
    }
}