namespace MlOps.Telemetry.Service.EventStreams;

/// <summary>The JSON objects of one request body, each a slice of the body's bytes.</summary>
public sealed class EventBatch(ReadOnlyMemory<byte> body, IReadOnlyList<Range> events)
{
    public int Count => events.Count;

    public ReadOnlyMemory<byte> this[int index] => body[events[index]];
}

/// <summary>Why a body was refused: the HTTP status, the field it concerns, and what is wrong.</summary>
public sealed record EventBatchError(int StatusCode, string Field, string Message);