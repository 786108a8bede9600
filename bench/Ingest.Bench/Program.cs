using System.Globalization;

using MlOps.AppHost.Resources;
using MlOps.SystemHarness;

namespace MlOps.Ingest.Bench;

/// <summary>
/// Event ingest through the gateway against raw Npgsql binary COPY of the same rows into the same
/// PostgreSQL server, in one run. Usage: dotnet run -c Release --project bench/Ingest.Bench [batches] [concurrency]
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        const int BatchSize = 1000;
        const int WarmUpBatches = 30;

        var root = Directory.CreateTempSubdirectory("mlops-bench-").FullName;
        try
        {
            await Prerequisites.EnsureInstalledAsync(Console.WriteLine);
            // Durable settings (fsync on), as the AppHost runs its own server.
            await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions(Path.Combine(root, "postgres")));
            await using var rabbitMq = await RabbitMqServer.StartAsync(new RabbitMqServerOptions(Path.Combine(root, "rabbitmq")));
            var apiKey = "mlops_bench_" + Guid.NewGuid().ToString("N");
            await using var system = await RunningSystem.StartAsync(Path.Combine(root, "system"), FreePort.Next(), apiKey,
                new Dictionary<string, string>
                {
                    ["ConnectionStrings__postgres"] = postgres.ConnectionString(),
                    ["ConnectionStrings__messaging"] = rabbitMq.ConnectionString,
                });

            var data = EventBatches.Generate(batches + WarmUpBatches, BatchSize, seed: 7);
            var gateway = new GatewayIngest(system.CreateClient());
            var copy = await RawCopyIngest.CreateAsync(postgres);

            await Measurement.RunAsync("warm-up", WarmUpBatches, BatchSize, concurrency, b => gateway.PostAsync(data.Bodies[batches + b]));
            await Measurement.RunAsync("warm-up", WarmUpBatches, BatchSize, concurrency, b => copy.CopyAsync(data.Rows[batches + b]));

            var throughGateway = await Measurement.RunAsync(
                "POST /api/telemetry/events/{stream} through the gateway", batches, BatchSize, concurrency, b => gateway.PostAsync(data.Bodies[b]));
            var rawCopy = await Measurement.RunAsync(
                "raw Npgsql binary COPY, same rows and table shape", batches, BatchSize, concurrency, b => copy.CopyAsync(data.Rows[b]));

            Console.WriteLine();
            Console.WriteLine($"{batches} batches of {BatchSize} events, {concurrency} in flight, {Environment.ProcessorCount} cores");
            Console.WriteLine("| path | events | seconds | events/s | share of raw COPY |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var result in new[] { throughGateway, rawCopy })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {result.Path} | {result.Events:N0} | {result.Elapsed.TotalSeconds:F2} | {result.EventsPerSecond:N0} | {result.EventsPerSecond / rawCopy.EventsPerSecond:P0} |"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}