using MlOps.Registry.Service.Catalog;

using Npgsql;

namespace MlOps.Registry.Service.Infrastructure;

/// <summary>The one SELECT list and reader every version query shares.</summary>
internal static class VersionRows
{
    public const string Select = """
        SELECT v.model, v.version, v.sha256, v.size, v.status, v.description, v.tags::text,
               ARRAY(SELECT a.alias FROM model_aliases a
                     WHERE a.tenant = v.tenant AND a.model = v.model AND a.version = v.version ORDER BY a.alias),
               v.metrics::text, v.lineage::text, v.manifest::text, v.created_by, v.tenant, v.created_at, v.updated_at
        FROM model_versions v
        """;

    public static ModelVersion Read(NpgsqlDataReader reader) => new(
        Model: reader.GetString(0),
        Version: reader.GetInt32(1),
        Sha256: reader.GetString(2),
        Size: reader.GetInt64(3),
        Status: reader.GetString(4),
        Description: reader.IsDBNull(5) ? null : reader.GetString(5),
        Tags: RegistryJson.Tags(reader.GetString(6)),
        Aliases: reader.GetFieldValue<string[]>(7),
        Metrics: RegistryJson.Element(reader.GetString(8)),
        Lineage: RegistryJson.Element(reader.GetString(9)),
        Manifest: RegistryJson.Element(reader.GetString(10)),
        CreatedBy: new Actor(reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetString(12)),
        CreatedAt: reader.GetFieldValue<DateTimeOffset>(13),
        UpdatedAt: reader.GetFieldValue<DateTimeOffset>(14));

    public static async Task<List<ModelVersion>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(Read(reader));
        }

        return versions;
    }
}