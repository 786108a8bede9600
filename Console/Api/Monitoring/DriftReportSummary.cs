namespace MlOps.Console.Api.Monitoring;

/// <summary>The parts of a drift report that say whether a model drifted.</summary>
public sealed record DriftReportSummary(Guid Id, string Model, int Version, string Trigger, DateTimeOffset CreatedAt, long Rows, DriftVerdict Dataset);

public sealed record DriftVerdict(bool Drifted, bool InsufficientData, int DriftedFeatures, int TestedFeatures, double DriftedShare, double ShareThreshold);