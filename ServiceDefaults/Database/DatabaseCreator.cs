using Npgsql;

namespace MlOps.ServiceDefaults.Database;

/// <summary>Creates a service's database on first start when the server does not have it yet.</summary>
internal static class DatabaseCreator
{
    public static async Task CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };

        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var command = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another replica created it first.
        }
    }
}