using System.Diagnostics.Metrics;

namespace MlOps.ServiceDefaults.Telemetry;

/// <summary>
/// The framework's instruments that are recorded several times on every request but tell an operator nothing the
/// request-duration histograms (rate, latency and status per route) do not. A dropped instrument is never enabled,
/// so it costs nothing on the hot path; at tens of thousands of requests a second they cost several percent of the
/// gateway's CPU.
/// </summary>
internal static class PerRequestMetrics
{
    private static readonly HashSet<string> RedundantMeters =
    [
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.MemoryPool",
        "Microsoft.AspNetCore.Routing",
    ];

    private static readonly HashSet<string> RedundantInstruments =
    [
        "http.server.active_requests",
        "http.client.active_requests",
        // A pooled connection turns active and idle again with every request.
        "http.client.open_connections",
        "http.client.request.time_in_queue",
        "aspnetcore.rate_limiting.active_request_leases",
        "aspnetcore.rate_limiting.request_lease.duration",
    ];

    public static bool IsRedundant(Instrument instrument) =>
        RedundantMeters.Contains(instrument.Meter.Name) || RedundantInstruments.Contains(instrument.Name);
}