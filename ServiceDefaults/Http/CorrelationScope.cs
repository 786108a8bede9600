using System.Collections;

namespace MlOps.ServiceDefaults.Http;

/// <summary>A log scope holding the correlation id: structured for OpenTelemetry, readable on the console.</summary>
internal sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object>>
{
    private readonly KeyValuePair<string, object> _entry = new("CorrelationId", id);

    public int Count => 1;

    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? _entry : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return _entry;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CorrelationId:{_entry.Value}";
}