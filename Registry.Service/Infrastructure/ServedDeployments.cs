using MlOps.Registry.Service.Deployments;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Registry.Service.Infrastructure;

/// <summary>Every tenant's deployments that have a champion, read in one query for inference replicas.</summary>
public static class ServedDeployments
{
    public static async Task<IReadOnlyList<ServedDeployment>> ListAsync(
        NpgsqlDataSource dataSource, string? tenant, string? model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT m.tenant, m.name, champion.version, champion_version.sha256, challenger.version, challenger_version.sha256,
                   m.deployment_mode, m.challenger_traffic
            FROM registered_models m
            JOIN model_aliases champion
              ON champion.tenant = m.tenant AND champion.model = m.name AND champion.alias = '{AliasName.Champion}'
            JOIN model_versions champion_version
              ON champion_version.tenant = m.tenant AND champion_version.model = m.name AND champion_version.version = champion.version
            LEFT JOIN model_aliases challenger
              ON challenger.tenant = m.tenant AND challenger.model = m.name AND challenger.alias = '{AliasName.Challenger}'
            LEFT JOIN model_versions challenger_version
              ON challenger_version.tenant = m.tenant AND challenger_version.model = m.name AND challenger_version.version = challenger.version
            WHERE ($1::text IS NULL OR m.tenant = $1) AND ($2::text IS NULL OR m.name = $2)
            ORDER BY m.tenant, m.name
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)tenant ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)model ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deployments = new List<ServedDeployment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deployments.Add(new ServedDeployment(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetString(6),
                reader.GetDouble(7),
                reader.GetString(3),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return deployments;
    }
}