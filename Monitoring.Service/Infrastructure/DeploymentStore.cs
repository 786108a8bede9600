using Npgsql;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>What each model serves, as <c>DeploymentChanged</c> last said.</summary>
public sealed record DeployedModel(string Tenant, string Model, int? ChampionVersion, int? ChallengerVersion, string Mode);

public sealed class DeploymentStore(NpgsqlDataSource dataSource)
{
    public async Task<DeployedModel?> GetAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT tenant, model, champion_version, challenger_version, mode FROM deployments WHERE tenant = $1 AND model = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<DeployedModel>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT tenant, model, champion_version, challenger_version, mode FROM deployments WHERE tenant = $1 ORDER BY model
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        var models = new List<DeployedModel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(Read(reader));
        }

        return models;
    }

    private static DeployedModel Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetString(4));
}