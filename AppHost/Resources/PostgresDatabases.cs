using Npgsql;

namespace MlOps.AppHost.Resources;

public static class PostgresDatabases
{
    /// <summary>Creates the database unless it exists, on the server a server-level connection string points to.</summary>
    public static async Task EnsureCreatedAsync(string serverConnectionString, string name, CancellationToken ct = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = name });
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created concurrently by someone else.
        }
    }
}