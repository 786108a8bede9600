using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

using MlOps.ServiceDefaults.Telemetry;

namespace MlOps.ComponentTests.Monitoring;

/// <summary>
/// The platform meter's counts recorded for one tenant while this lives. Services of other tests share the meter in
/// this process; their tenants differ.
/// </summary>
internal sealed class TenantMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();

    public TenantMeasurements(string tenant)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MlOpsDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var named = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                named[tag.Key] = tag.Value;
            }

            if (Equals(named.GetValueOrDefault("tenant"), tenant))
            {
                _measurements.Enqueue((instrument.Name, value, named));
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public long Sum(string instrument, string tag, string value) =>
        _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}