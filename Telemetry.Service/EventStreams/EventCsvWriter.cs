using System.Text;

using MlOps.Telemetry.Service.Csv;
using MlOps.Telemetry.Service.Infrastructure;

namespace MlOps.Telemetry.Service.EventStreams;

/// <summary>
/// Writes events as RFC 4180 CSV: <c>id</c>, <c>received_at</c>, then the union of the events' top-level
/// fields in order of first appearance. Nested objects and arrays are written as JSON text, null as empty.
/// </summary>
public static class EventCsvWriter
{
    public static async Task WriteAsync(Stream output, IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in events.SelectMany(e => e.Data.EnumerateObject()))
        {
            if (known.Add(property.Name))
            {
                columns.Add(property.Name);
            }
        }

        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        await writer.WriteLineAsync(string.Join(',', new[] { "id", "received_at" }.Concat(columns).Select(CsvCell.Escape)));
        var cells = new string[columns.Count + 2];
        foreach (var streamEvent in events)
        {
            cells[0] = streamEvent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cells[1] = streamEvent.ReceivedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < columns.Count; i++)
            {
                cells[i + 2] = streamEvent.Data.TryGetProperty(columns[i], out var value) ? CsvCell.Escape(CsvCell.Text(value)) : "";
            }

            await writer.WriteLineAsync(string.Join(',', cells).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}