using System.Text;
using System.Text.Json;

using MlOps.Telemetry.Service.Csv;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// Writes labelled rows as RFC 4180 CSV, a training table: one column per feature, then the label. A feature a row
/// lacks is empty; nested objects and arrays are written as JSON text.
/// </summary>
public static class LabelledCsvWriter
{
    public static async Task WriteAsync(
        Stream output, IReadOnlyList<string> features, string labelColumn, IAsyncEnumerable<(string Inputs, string Actual)> rows,
        CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        await writer.WriteLineAsync(string.Join(',', features.Append(labelColumn).Select(CsvCell.Escape)).AsMemory(), cancellationToken);
        var cells = new string[features.Count + 1];
        await foreach (var (inputs, actual) in rows.WithCancellation(cancellationToken))
        {
            using var document = JsonDocument.Parse(inputs);
            for (var i = 0; i < features.Count; i++)
            {
                cells[i] = document.RootElement.TryGetProperty(features[i], out var value) ? CsvCell.Escape(CsvCell.Text(value)) : "";
            }

            cells[^1] = CsvCell.Escape(actual);
            await writer.WriteLineAsync(string.Join(',', cells).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}