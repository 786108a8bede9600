using System.Globalization;

using MassTransit;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

namespace MlOps.Monitoring.Service.IntegrationEvents;

/// <summary>
/// Keeps each joined label as right or wrong (or its squared error, for regression), one row per prediction: a
/// corrected label replaces the first, so live accuracy counts every prediction once.
/// </summary>
public sealed class FeedbackRecordedConsumer(NpgsqlDataSource dataSource, ReferenceStore references)
    : IdempotentConsumer<FeedbackRecorded>(dataSource)
{
    public const string Queue = "monitoring-feedback-recorded";

    protected override async Task HandleAsync(
        ConsumeContext<FeedbackRecorded> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var feedback = context.Message;
        var reference = await references.GetAsync(feedback.Tenant, feedback.Model, feedback.Version, context.CancellationToken);
        bool? correct = null;
        double? squaredError = null;
        if (reference is { IsRegression: true })
        {
            if (Number(feedback.Actual) is { } actual && Number(feedback.Predicted) is { } predicted)
            {
                squaredError = (actual - predicted) * (actual - predicted);
            }
        }
        else if (feedback.Predicted is not null)
        {
            correct = string.Equals(feedback.Actual, feedback.Predicted, StringComparison.Ordinal)
                || (BooleanText.Normalize(feedback.Actual) is { } actual && actual == BooleanText.Normalize(feedback.Predicted));
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO feedback (tenant, prediction_id, model, version, served_at, recorded_at, correct, squared_error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant, prediction_id) DO UPDATE SET
                correct = excluded.correct, squared_error = excluded.squared_error, recorded_at = excluded.recorded_at, received_at = now()
            WHERE feedback.recorded_at <= excluded.recorded_at
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = feedback.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = feedback.PredictionId });
        command.Parameters.Add(new NpgsqlParameter { Value = feedback.Model });
        command.Parameters.Add(new NpgsqlParameter { Value = feedback.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = feedback.ServedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = feedback.RecordedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)correct ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)squaredError ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        await command.ExecuteNonQueryAsync(context.CancellationToken);
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}