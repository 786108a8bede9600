using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Contracts.ModelPackages;
using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Deployments;
using MlOps.Registry.Service.Uploads;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;

using Npgsql;

using NpgsqlTypes;

namespace MlOps.Registry.Service.Infrastructure;

/// <summary>Registered models and their versions: registration, reads, descriptions, tags and archiving.</summary>
public sealed class RegistryStore(NpgsqlDataSource dataSource)
{
    private const int RegisterAttempts = 5;

    /// <summary>
    /// Stores the artifact, the model (on its first version), the next version and its <see cref="ModelVersionRegistered"/>
    /// event in one transaction. Versions are numbered under the model row's lock, and the unique key on the version
    /// backs that up: should two uploads ever take the same number, the loser is retried with the next one.
    /// </summary>
    public async Task<ModelVersion> RegisterAsync(
        Actor actor, string model, string? description, ReceivedPackage package, ModelManifest manifest,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRegisterAsync(actor, model, description, package, manifest, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < RegisterAttempts)
            {
            }
        }
    }

    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(string tenant, CancellationToken cancellationToken) =>
        await ReadModelsAsync(tenant, null, cancellationToken);

    public async Task<RegisteredModel?> GetModelAsync(string tenant, string name, CancellationToken cancellationToken) =>
        (await ReadModelsAsync(tenant, name, cancellationToken)).SingleOrDefault();

    /// <summary>The model's versions, newest first; null when the tenant has no such model.</summary>
    public async Task<IReadOnlyList<ModelVersion>?> ListVersionsAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"{VersionRows.Select} WHERE v.tenant = $1 AND v.model = $2 ORDER BY v.version DESC");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        var versions = await VersionRows.ReadAllAsync(command, cancellationToken);
        return versions.Count > 0 ? versions : null;
    }

    public async Task<ModelVersion?> GetVersionAsync(string tenant, string name, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"{VersionRows.Select} WHERE v.tenant = $1 AND v.model = $2 AND v.version = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return (await VersionRows.ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Where a version's package is stored: its SHA-256 and size; null when the tenant has no such version.</summary>
    public async Task<(string Sha256, long Size)?> FindArtifactAsync(
        string tenant, string name, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT sha256, size FROM model_versions WHERE tenant = $1 AND model = $2 AND version = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Applies the patch; false when the tenant has no such model.</summary>
    public async Task<bool> UpdateModelAsync(string tenant, string name, MetadataPatch patch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE registered_models
            SET description = CASE WHEN $3::text IS NULL THEN description ELSE nullif($3, '') END,
                tags = (tags || $4) - $5::text[],
                updated_at = $6
            WHERE tenant = $1 AND name = $2
            """);
        AddPatchParameters(command, tenant, name, patch);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Applies the patch; false when the tenant has no such version.</summary>
    public async Task<bool> UpdateVersionAsync(
        string tenant, string name, int version, MetadataPatch patch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE model_versions
            SET description = CASE WHEN $3::text IS NULL THEN description ELSE nullif($3, '') END,
                tags = (tags || $4) - $5::text[],
                updated_at = $6
            WHERE tenant = $1 AND model = $2 AND version = $7
            """);
        AddPatchParameters(command, tenant, name, patch);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Archives a version unless it is champion or challenger. Takes the model row's lock, as alias changes do, so a
    /// version cannot become champion while it is being archived.
    /// </summary>
    public async Task<DeploymentRefusal?> ArchiveAsync(string tenant, string name, int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockModel = new NpgsqlCommand(
            "SELECT 1 FROM registered_models WHERE tenant = $1 AND name = $2 FOR UPDATE", connection, transaction))
        {
            lockModel.Parameters.Add(new NpgsqlParameter { Value = tenant });
            lockModel.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await lockModel.ExecuteScalarAsync(cancellationToken) is null)
            {
                return DeploymentRefusal.NotFound("name", $"There is no model '{name}'.");
            }
        }

        await using (var served = new NpgsqlCommand("""
            SELECT alias FROM model_aliases
            WHERE tenant = $1 AND model = $2 AND version = $3 AND alias IN ('champion', 'challenger')
            ORDER BY alias
            LIMIT 1
            """, connection, transaction))
        {
            served.Parameters.Add(new NpgsqlParameter { Value = tenant });
            served.Parameters.Add(new NpgsqlParameter { Value = name });
            served.Parameters.Add(new NpgsqlParameter { Value = version });
            if (await served.ExecuteScalarAsync(cancellationToken) is string alias)
            {
                return DeploymentRefusal.Conflict(
                    "version", $"Version {version} is the {alias}; give the alias to another version before archiving it.");
            }
        }

        await using (var archive = new NpgsqlCommand("""
            UPDATE model_versions SET status = 'archived', updated_at = $4
            WHERE tenant = $1 AND model = $2 AND version = $3
            """, connection, transaction))
        {
            archive.Parameters.Add(new NpgsqlParameter { Value = tenant });
            archive.Parameters.Add(new NpgsqlParameter { Value = name });
            archive.Parameters.Add(new NpgsqlParameter { Value = version });
            archive.Parameters.Add(new NpgsqlParameter { Value = StoredTime.Now() });
            if (await archive.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return DeploymentRefusal.NotFound("version", $"Version {version} does not exist.");
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private async Task<ModelVersion> TryRegisterAsync(
        Actor actor, string model, string? description, ReceivedPackage package, ModelManifest manifest,
        CancellationToken cancellationToken)
    {
        var now = StoredTime.Now();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ArtifactStore.WriteAsync(connection, transaction, actor.Tenant, package, now, cancellationToken);

        await using (var upsertModel = new NpgsqlCommand("""
            INSERT INTO registered_models (tenant, name, created_at, updated_at) VALUES ($1, $2, $3, $3)
            ON CONFLICT (tenant, name) DO UPDATE SET updated_at = EXCLUDED.updated_at
            """, connection, transaction))
        {
            upsertModel.Parameters.Add(new NpgsqlParameter { Value = actor.Tenant });
            upsertModel.Parameters.Add(new NpgsqlParameter { Value = model });
            upsertModel.Parameters.Add(new NpgsqlParameter { Value = now });
            await upsertModel.ExecuteNonQueryAsync(cancellationToken);
        }

        int version;
        await using (var next = new NpgsqlCommand(
            "SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE tenant = $1 AND model = $2", connection, transaction))
        {
            next.Parameters.Add(new NpgsqlParameter { Value = actor.Tenant });
            next.Parameters.Add(new NpgsqlParameter { Value = model });
            version = (int)(await next.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO model_versions
                (tenant, model, version, sha256, size, description, manifest, metrics, lineage, created_by, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = actor.Tenant });
            insert.Parameters.Add(new NpgsqlParameter { Value = model });
            insert.Parameters.Add(new NpgsqlParameter { Value = version });
            insert.Parameters.Add(new NpgsqlParameter { Value = package.Sha256 });
            insert.Parameters.Add(new NpgsqlParameter { Value = package.Size });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)description ?? DBNull.Value });
            insert.Parameters.Add(Json(manifest));
            insert.Parameters.Add(Json(VersionMetrics.Flatten(manifest.Metrics)));
            insert.Parameters.Add(Json(manifest.Lineage));
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)actor.KeyId ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await Outbox.EnqueueAsync(connection, transaction, new ModelVersionRegistered(
            model, version, package.Sha256, manifest.Metrics.HeldOut, now, actor.Tenant), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return (await GetVersionAsync(actor.Tenant, model, version, cancellationToken))!;
    }

    private async Task<List<RegisteredModel>> ReadModelsAsync(string tenant, string? name, CancellationToken cancellationToken)
    {
        var models = new List<(string Name, string? Description, string Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
            string Mode, double Traffic, int[] Previous)>();
        await using (var command = dataSource.CreateCommand("""
            SELECT name, description, tags::text, created_at, updated_at, deployment_mode, challenger_traffic, previous_champions
            FROM registered_models
            WHERE tenant = $1 AND ($2::text IS NULL OR name = $2)
            ORDER BY name
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)name ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                models.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetString(5), reader.GetDouble(6), reader.GetFieldValue<int[]>(7)));
            }
        }

        if (models.Count == 0)
        {
            return [];
        }

        var aliases = await ReadAliasesAsync(tenant, name, cancellationToken);
        List<ModelVersion> latest;
        await using (var command = dataSource.CreateCommand($"""
            {VersionRows.Select}
            WHERE v.tenant = $1 AND ($2::text IS NULL OR v.model = $2)
              AND v.version = (SELECT max(l.version) FROM model_versions l WHERE l.tenant = v.tenant AND l.model = v.model)
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)name ?? DBNull.Value });
            latest = await VersionRows.ReadAllAsync(command, cancellationToken);
        }

        return models.Select(model =>
        {
            var modelAliases = aliases.GetValueOrDefault(model.Name) ?? new Dictionary<string, int>();
            var state = new DeploymentState(modelAliases, model.Mode, model.Traffic, model.Previous);
            return new RegisteredModel(
                model.Name, model.Description, RegistryJson.Tags(model.Tags), model.CreatedAt, model.UpdatedAt,
                latest.FirstOrDefault(version => version.Model == model.Name), modelAliases, state.ToDeployment());
        }).ToList();
    }

    private async Task<Dictionary<string, Dictionary<string, int>>> ReadAliasesAsync(
        string tenant, string? name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT model, alias, version FROM model_aliases
            WHERE tenant = $1 AND ($2::text IS NULL OR model = $2)
            ORDER BY model, alias
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)name ?? DBNull.Value });
        var aliases = new Dictionary<string, Dictionary<string, int>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var model = reader.GetString(0);
            if (!aliases.TryGetValue(model, out var forModel))
            {
                aliases[model] = forModel = [];
            }

            forModel[reader.GetString(1)] = reader.GetInt32(2);
        }

        return aliases;
    }

    private static void AddPatchParameters(NpgsqlCommand command, string tenant, string name, MetadataPatch patch)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)patch.Description ?? DBNull.Value });
        command.Parameters.Add(Json(patch.TagsToSet()));
        command.Parameters.Add(new NpgsqlParameter { Value = patch.TagsToRemove() });
        command.Parameters.Add(new NpgsqlParameter { Value = StoredTime.Now() });
    }

    private static NpgsqlParameter Json<T>(T value) => new()
    {
        NpgsqlDbType = NpgsqlDbType.Jsonb,
        Value = JsonSerializer.Serialize(value, RegistryJson.Options),
    };
}