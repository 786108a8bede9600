using System.Diagnostics;
using System.Text.Json;

using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// One model version in memory, ready to score: its manifest, input schema and a pool of scoring engines. It is
/// immutable once built; whoever holds it may score with it, so a request that started on it finishes on it even
/// after a newer version took its place.
/// </summary>
public sealed class LoadedModel
{
    private readonly ObjectPool<IScoringEngine> _engines;

    /// <exception cref="ModelLoadException">The model cannot score rows of its manifest's schema as its task says.</exception>
    public LoadedModel(ModelKey key, int version, string sha256, ModelManifest manifest, ITransformer model)
    {
        Key = key;
        Version = version;
        Sha256 = sha256;
        Manifest = manifest;
        Inputs = new InputSchema(manifest.Features);
        ClassNames = manifest.Label.Classes.Select(name => JsonEncodedText.Encode(name)).ToArray();

        EnginePolicy policy;
        IScoringEngine first;
        try
        {
            Outputs = ModelOutputs.Describe(manifest, model.GetOutputSchema(Inputs.DataViewSchema));
            var trees = TreeModel.TryCreate(model, Inputs, Outputs);
            EvaluatesTreesDirectly = trees is not null;
            policy = new EnginePolicy(model, trees, Inputs, Outputs);
            first = policy.Create();
        }
        catch (Exception ex) when (ex is not ModelLoadException)
        {
            throw new ModelLoadException($"The model cannot score rows of its manifest's features: {ex.Message}", ex);
        }

        _engines = new DefaultObjectPool<IScoringEngine>(policy, Environment.ProcessorCount * 2);
        _engines.Return(first);
    }

    public ModelKey Key { get; }

    public int Version { get; }

    public string Sha256 { get; }

    public ModelManifest Manifest { get; }

    public InputSchema Inputs { get; }

    /// <summary>Whether its trees are evaluated by <see cref="CompiledTrees"/> rather than by ML.NET's predictor.</summary>
    public bool EvaluatesTreesDirectly { get; }

    /// <summary>The manifest's classes, encoded once for responses.</summary>
    public IReadOnlyList<JsonEncodedText> ClassNames { get; }

    internal ModelOutputs Outputs { get; }

    /// <summary>Scores every row of the table; <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp) dates the latency.</summary>
    public ScoredBatch Score(RequestTable table, string route, long started)
    {
        var batch = new ScoredBatch(this, route, table);
        var engine = _engines.Get();
        try
        {
            engine.Score(table, batch);
        }
        finally
        {
            _engines.Return(engine);
        }

        batch.ServedAt = DateTimeOffset.UtcNow;
        batch.LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return batch;
    }

    private sealed class EnginePolicy(ITransformer model, TreeModel? trees, InputSchema inputs, ModelOutputs outputs)
        : IPooledObjectPolicy<IScoringEngine>
    {
        public IScoringEngine Create() =>
            trees is null ? new ScoringEngine(model, inputs, outputs) : new TreeScoringEngine(trees, inputs);

        public bool Return(IScoringEngine engine) => true;
    }
}