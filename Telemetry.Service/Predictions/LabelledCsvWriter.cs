using System.Text;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Telemetry.Service.Csv;
using MlOps.Telemetry.Service.Infrastructure;

namespace MlOps.Telemetry.Service.Predictions;

/// <summary>
/// Writes labelled rows as RFC 4180 CSV, a training table: one column per feature, then the label. A feature a row
/// lacks is empty; objects, arrays and booleans are written as JSON text.
/// </summary>
public static class LabelledCsvWriter
{
    public static async Task WriteAsync(
        Stream output, IReadOnlyList<string> features, string labelColumn, IAsyncEnumerable<LabelledRow> rows,
        CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        await writer.WriteLineAsync(string.Join(',', features.Append(labelColumn).Select(CsvCell.Escape)).AsMemory(), cancellationToken);
        var cells = new string[features.Count + 1];
        PredictionBlock? block = null;
        var columns = new InputColumn?[features.Count];
        await foreach (var (rowBlock, row, actual) in rows.WithCancellation(cancellationToken))
        {
            if (!ReferenceEquals(rowBlock, block))
            {
                block = rowBlock;
                var byName = block.Inputs.ToDictionary(input => input.Name, StringComparer.Ordinal);
                for (var i = 0; i < features.Count; i++)
                {
                    columns[i] = byName.GetValueOrDefault(features[i]);
                }
            }

            for (var i = 0; i < features.Count; i++)
            {
                cells[i] = columns[i] is { } column ? CsvCell.Escape(column.CellText(row)) : "";
            }

            cells[^1] = CsvCell.Escape(actual);
            await writer.WriteLineAsync(string.Join(',', cells).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}