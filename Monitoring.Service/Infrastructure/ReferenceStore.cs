using System.Collections.Concurrent;
using System.Text.Json;

using MlOps.Contracts.ModelPackages;
using MlOps.Monitoring.Service.Profiles;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>
/// The drift reference of each model version: kept in memory, stored in <c>model_versions</c>, fetched from the
/// registry the first time a version is seen. A version's manifest never changes, so nothing is invalidated.
/// </summary>
public sealed class ReferenceStore(NpgsqlDataSource dataSource, RegistryClient registry)
{
    private readonly ConcurrentDictionary<(string Tenant, string Model, int Version), ReferenceProfile> _profiles = new();

    /// <summary>The version's reference, or null when the registry does not know the version.</summary>
    /// <exception cref="HttpRequestException">The registry could not be reached.</exception>
    public async Task<ReferenceProfile?> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        var key = (tenant, model, version);
        if (_profiles.TryGetValue(key, out var profile))
        {
            return profile;
        }

        var manifest = await ReadAsync(tenant, model, version, cancellationToken);
        if (manifest is null)
        {
            manifest = await registry.GetManifestAsync(tenant, model, version, cancellationToken);
            if (manifest is null)
            {
                return null;
            }

            await SaveAsync(tenant, model, version, manifest, cancellationToken);
        }

        return _profiles.GetOrAdd(key, ReferenceProfile.From(manifest));
    }

    private async Task<ModelManifest?> ReadAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT manifest FROM model_versions WHERE tenant = $1 AND model = $2 AND version = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return await command.ExecuteScalarAsync(cancellationToken) is string manifest
            ? JsonSerializer.Deserialize<ModelManifest>(manifest, MonitoringJson.Options)
            : null;
    }

    private async Task SaveAsync(string tenant, string model, int version, ModelManifest manifest, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO model_versions (tenant, model, version, manifest) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(manifest, MonitoringJson.Options) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}