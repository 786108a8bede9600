using Microsoft.Extensions.Logging.Abstractions;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Database;

using Npgsql;

using Xunit;

namespace MlOps.ComponentTests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class MigrationRunnerTests(PlatformServers servers)
{
    [Fact]
    public async Task Replicas_migrating_at_once_create_the_database_and_apply_each_script_once()
    {
        var connectionString = servers.NewDatabase("migrations");
        // Plain CREATE TABLE statements: applying any of them twice would fail.
        var plan = new MigrationPlan(connectionString,
        [
            .. MigrationScript.FromAssembly(typeof(MigrationRunner).Assembly, "platform"),
            .. MigrationScript.FromAssembly(typeof(MigrationRunnerTests).Assembly, "probe"),
        ]);

        var replicas = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new MigrationRunner(dataSource, plan, NullLogger<MigrationRunner>.Instance).StartAsync(CancellationToken.None);
        });
        await Task.WhenAll(replicas);

        await using var check = NpgsqlDataSource.Create(connectionString);
        await using var command = check.CreateCommand("SELECT source || '/' || version FROM schema_migrations ORDER BY 1");
        var applied = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                applied.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["platform/0001_messaging", "probe/0001_probe"], applied);
    }

    [Fact]
    public async Task A_second_start_applies_nothing_again()
    {
        var connectionString = servers.NewDatabase("migrations");
        var plan = new MigrationPlan(connectionString, MigrationScript.FromAssembly(typeof(MigrationRunnerTests).Assembly, "probe"));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runner = new MigrationRunner(dataSource, plan, NullLogger<MigrationRunner>.Instance);

        await runner.StartAsync(CancellationToken.None);
        await using (var insert = dataSource.CreateCommand("INSERT INTO probe_received VALUES (gen_random_uuid(), 'kept')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await runner.StartAsync(CancellationToken.None);

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM probe_received");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}