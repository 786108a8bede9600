using MlOps.Contracts.IntegrationEvents;
using MlOps.Telemetry.Service.Predictions;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// What one minute of a model version's predictions on one route with one class adds to <c>prediction_minutes</c>:
/// counted from a block as it is stored, and from ground truth as it is joined.
/// </summary>
public static class MinuteRollups
{
    public const int ConfidenceBins = 10;

    private const string Upsert = """
        INSERT INTO prediction_minutes AS m (tenant, model, minute, version, route, label, requests, errors, latency_sum,
                                             latency_bins, latency_counts, confidence, labelled, classified, correct,
                                             regressed, squared_error)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        ON CONFLICT (tenant, model, minute, version, route, label) DO UPDATE SET
            requests = m.requests + excluded.requests,
            errors = m.errors + excluded.errors,
            latency_sum = m.latency_sum + excluded.latency_sum,
            (latency_bins, latency_counts) = (SELECT merged_bins, merged_counts
                                              FROM merge_bins(m.latency_bins, m.latency_counts, excluded.latency_bins, excluded.latency_counts)),
            confidence = add_counts(m.confidence, excluded.confidence),
            labelled = m.labelled + excluded.labelled,
            classified = m.classified + excluded.classified,
            correct = m.correct + excluded.correct,
            regressed = m.regressed + excluded.regressed,
            squared_error = m.squared_error + excluded.squared_error
        """;

    public static DateTime MinuteOf(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);

    /// <summary>Counts the block's rows listed in <paramref name="rows"/> into <paramref name="into"/>.</summary>
    public static void Count(PredictionBlock block, IEnumerable<int> rows, Dictionary<MinuteKey, MinuteCounts> into)
    {
        MinuteKey? lastKey = null;
        MinuteCounts? last = null;
        foreach (var row in rows)
        {
            var key = new MinuteKey(block.Tenants[row], block.Models[row], MinuteOf(block.ServedAt[row]), block.Versions[row],
                block.Routes[row], block.Labels[row] ?? "");
            if (last is null || !key.Equals(lastKey))
            {
                if (!into.TryGetValue(key, out last))
                {
                    into[key] = last = new MinuteCounts();
                }

                lastKey = key;
            }

            last.Requests++;
            if (block.Errors[row] is not null)
            {
                last.Errors++;
            }

            last.LatencySum += block.LatencyMs[row];
            var bin = LatencyHistogram.BinOf(block.LatencyMs[row]);
            last.Latency[bin] = last.Latency.GetValueOrDefault(bin) + 1;
            if (block.Confidences[row] is { } confidence)
            {
                last.Confidence[ConfidenceBinOf(confidence)]++;
            }
        }
    }

    /// <summary>Adds (or with <paramref name="sign"/> −1 takes back) one joined label's share of its minute.</summary>
    public static void CountLabel(JoinedLabel label, int sign, Dictionary<MinuteKey, MinuteCounts> into)
    {
        var key = new MinuteKey(label.Tenant, label.Model, MinuteOf(label.ServedAt.UtcDateTime), label.Version, label.Route, label.Label ?? "");
        if (!into.TryGetValue(key, out var counts))
        {
            into[key] = counts = new MinuteCounts();
        }

        counts.Labelled += sign;
        if (label.Label is not null)
        {
            counts.Classified += sign;
            if (label.Label == label.Actual)
            {
                counts.Correct += sign;
            }
        }
        else if (label.Value is { } value && label.ActualValue is { } actual)
        {
            counts.Regressed += sign;
            counts.SquaredError += sign * (value - actual) * (value - actual);
        }
    }

    /// <summary>Adds the counts to <c>prediction_minutes</c>, in key order so concurrent writers never wait in a cycle.</summary>
    public static async Task AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<MinuteKey, MinuteCounts> counts,
        CancellationToken cancellationToken)
    {
        if (counts.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (key, minute) in counts.OrderBy(pair => pair.Key, MinuteKey.Order))
        {
            var latency = minute.Latency.OrderBy(pair => pair.Key).ToList();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Upsert)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = key.Tenant },
                    new NpgsqlParameter { Value = key.Model },
                    new NpgsqlParameter { Value = key.Minute, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    new NpgsqlParameter { Value = key.Version },
                    new NpgsqlParameter { Value = key.Route },
                    new NpgsqlParameter { Value = key.Label },
                    new NpgsqlParameter { Value = minute.Requests },
                    new NpgsqlParameter { Value = minute.Errors },
                    new NpgsqlParameter { Value = minute.LatencySum },
                    new NpgsqlParameter { Value = latency.Select(pair => pair.Key).ToArray() },
                    new NpgsqlParameter { Value = latency.Select(pair => pair.Value).ToArray() },
                    new NpgsqlParameter { Value = minute.Confidence },
                    new NpgsqlParameter { Value = minute.Labelled },
                    new NpgsqlParameter { Value = minute.Classified },
                    new NpgsqlParameter { Value = minute.Correct },
                    new NpgsqlParameter { Value = minute.Regressed },
                    new NpgsqlParameter { Value = minute.SquaredError },
                },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ten bins over [0, 1]; a confidence of exactly 1 falls in the last.</summary>
    public static int ConfidenceBinOf(double confidence) => Math.Clamp((int)Math.Floor(confidence * ConfidenceBins), 0, ConfidenceBins - 1);
}

public readonly record struct MinuteKey(string Tenant, string Model, DateTime Minute, int Version, string Route, string Label)
{
    public static readonly IComparer<MinuteKey> Order = Comparer<MinuteKey>.Create((a, b) =>
    {
        var order = string.CompareOrdinal(a.Tenant, b.Tenant);
        order = order != 0 ? order : string.CompareOrdinal(a.Model, b.Model);
        order = order != 0 ? order : a.Minute.CompareTo(b.Minute);
        order = order != 0 ? order : a.Version.CompareTo(b.Version);
        order = order != 0 ? order : string.CompareOrdinal(a.Route, b.Route);
        return order != 0 ? order : string.CompareOrdinal(a.Label, b.Label);
    });
}

public sealed class MinuteCounts
{
    public long Requests { get; set; }

    public long Errors { get; set; }

    public double LatencySum { get; set; }

    public Dictionary<int, long> Latency { get; } = [];

    public long[] Confidence { get; } = new long[MinuteRollups.ConfidenceBins];

    public long Labelled { get; set; }

    public long Classified { get; set; }

    public long Correct { get; set; }

    public long Regressed { get; set; }

    public double SquaredError { get; set; }
}