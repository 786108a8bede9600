namespace MlOps.Inference.Service.Serving;

/// <summary>Scores a request's rows into a batch; one per thread at a time, pooled by <see cref="LoadedModel"/>.</summary>
internal interface IScoringEngine
{
    void Score(RequestTable table, ScoredBatch into);
}