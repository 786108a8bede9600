using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlOps.ServiceDefaults.Telemetry;

/// <summary>The activity source and meter shared by the platform's own instrumentation.</summary>
public static class MlOpsDiagnostics
{
    public const string ActivitySourceName = "MlOps";
    public const string MeterName = "MlOps";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}