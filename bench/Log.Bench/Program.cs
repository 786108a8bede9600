using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Options;

using MlOps.AppHost.Resources;
using MlOps.ServiceDefaults.Database;
using MlOps.ServiceDefaults.Messaging;
using MlOps.SystemHarness;
using MlOps.Telemetry.Service.Infrastructure;
using MlOps.Telemetry.Service.Predictions;

using Npgsql;

namespace MlOps.Log.Bench;

/// <summary>
/// The prediction log's store over a day of one model's predictions (10 million by default) on one durable
/// PostgreSQL server, in one run: writing the blocks as Inference does, storing them as Telemetry does (two writers),
/// then the statistics query over the whole day, ground truth for a million of them, the labelled export of those and
/// the Parquet export of one hour. CPU is read per process: this one (Inference's and Telemetry's share) and the
/// server's. Usage: dotnet run -c Release --project bench/Log.Bench [rows] [labelled rows]
/// </summary>
public static class Program
{
    private const int BlockRows = 5_000;
    private const int Writers = 2;
    private const int Repetitions = 5;
    private const int FeedbackPerRequest = 1_000;

    public static async Task Main(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var labelledRows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var to = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(DateTime.UtcNow.Hour), TimeSpan.Zero);
        var from = to.AddDays(-1);
        var root = Directory.CreateTempSubdirectory("mlops-bench-").FullName;
        try
        {
            await Prerequisites.EnsureInstalledAsync(Console.WriteLine);
            await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions(Path.Combine(root, "postgres")));
            await using var dataSource = await CreateDatabaseAsync(postgres);
            var server = () => SystemProcesses.Of(Environment.ProcessId, root).Sum(pid => SystemProcesses.CpuSeconds(pid) ?? 0);
            var results = new List<string>();

            Console.WriteLine($"Writing {rows:N0} predictions as blocks of {BlockRows:N0}…");
            var labelled = new List<Guid>(rows);
            var (written, blocks) = Measure(server, () => Task.FromResult(LoggedBlocks.Write(rows, BlockRows, from, to - from, labelled, seed: 7)));
            results.Add(written.Row("Inference: write the blocks (Parquet, Snappy)", rows, "rows"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{blocks.Count:N0} blocks, {blocks.Sum(block => (long)block.Length) / 1e6:F0} MB ({blocks.Sum(block => (long)block.Length) / (double)rows:F1} bytes a row)"));

            Console.WriteLine("Storing them…");
            var store = new PredictionBlockStore(dataSource);
            var (stored, _) = await MeasureAsync(server, async () =>
            {
                var next = -1;
                await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
                {
                    for (var block = Interlocked.Increment(ref next); block < blocks.Count; block = Interlocked.Increment(ref next))
                    {
                        await using var connection = await dataSource.OpenConnectionAsync();
                        await using var transaction = await connection.BeginTransactionAsync();
                        await store.AppendAsync(connection, transaction, blocks[block], CancellationToken.None);
                        await transaction.CommitAsync();
                    }
                })));
                return 0;
            });
            results.Add(stored.Row($"Telemetry: store the blocks ({Writers} writers, a transaction a block)", rows, "rows"));

            var statistics = new PredictionStatistics(dataSource, Options.Create(new PredictionLogOptions()));
            var query = new StatisticsQuery(LoggedBlocks.Model, null, from, to, StatisticsInterval.Hour);
            var (timing, report) = await Timing.MeasureAsync("statistics", Repetitions,
                () => statistics.QueryAsync(LoggedBlocks.Tenant, query, CancellationToken.None));
            Require(report.Total.Served.Requests == rows, $"the statistics to count {rows:N0} predictions, not {report.Total.Served.Requests:N0}");
            results.Add(string.Create(CultureInfo.InvariantCulture,
                $"| statistics of the day, hourly (`GET /api/telemetry/statistics`), {rows:N0} predictions | {timing.FirstMs:F0} ms first, median {timing.MedianMs:F0} ms, max {timing.MaxMs:F0} ms | | |"));

            Console.WriteLine($"Recording ground truth for {labelledRows:N0} of them…");
            var feedback = new FeedbackStore(dataSource);
            var ids = labelled.Take(labelledRows).ToList();
            var (recorded, _) = await MeasureAsync(server, async () =>
            {
                foreach (var chunk in ids.Chunk(FeedbackPerRequest))
                {
                    await feedback.RecordAsync(LoggedBlocks.Tenant, [.. chunk.Select(id => new FeedbackItem(id, "pos", null))], CancellationToken.None);
                }

                return 0;
            });
            results.Add(recorded.Row($"Telemetry: ground truth, {FeedbackPerRequest:N0} a request, each found in its block", ids.Count, "labels"));

            var export = new LabelledExport(dataSource);
            var (exported, exportedRows) = await MeasureAsync(server, async () =>
            {
                await using var labelledRowsOpened = await export.OpenAsync(LoggedBlocks.Tenant, LoggedBlocks.Model, null, CancellationToken.None);
                var counting = new CountingStream();
                await LabelledCsvWriter.WriteAsync(counting, labelledRowsOpened.Features, "label", labelledRowsOpened.ReadAsync(CancellationToken.None), CancellationToken.None);
                return counting.Lines - 1;
            });
            Require(exportedRows == ids.Count, $"the labelled export to hold {ids.Count:N0} rows, not {exportedRows:N0}");
            results.Add(exported.Row("labelled export as CSV (`GET /api/telemetry/labelled`)", exportedRows, "rows"));

            var parquet = new PredictionExport(dataSource);
            var hour = to.AddHours(-1);
            var (hourExport, bytes) = await MeasureAsync(server, async () =>
            {
                await using var file = new FileStream(Path.Combine(root, "hour.parquet"), FileMode.Create);
                await parquet.WriteAsync(LoggedBlocks.Tenant, LoggedBlocks.Model, hour, to, file, CancellationToken.None);
                return file.Length;
            });
            var hourRows = rows / 24;
            results.Add(hourExport.Row($"Parquet export of one hour ({bytes / 1e6:F0} MB, `GET /api/telemetry/predictions/export`)", hourRows, "rows"));

            Console.WriteLine();
            Console.WriteLine($"{Environment.ProcessorCount} cores; {rows:N0} predictions over 24 hours, {labelledRows:N0} labelled");
            Console.WriteLine();
            Console.WriteLine("| step | time | rate | CPU per unit, µs: bench process / PostgreSQL |");
            Console.WriteLine("|---|---|---|---|");
            results.ForEach(Console.WriteLine);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<NpgsqlDataSource> CreateDatabaseAsync(PostgresServer server)
    {
        const string Name = "bench_telemetry";
        await server.CreateDatabaseAsync(Name);
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString(Name));
        var scripts = MigrationScript.FromAssembly(typeof(Outbox).Assembly, "platform")
            .Concat(MigrationScript.FromAssembly(typeof(PredictionBlockStore).Assembly, "telemetrydb"));
        foreach (var script in scripts)
        {
            await using var command = dataSource.CreateCommand(script.Sql);
            await command.ExecuteNonQueryAsync();
        }

        return dataSource;
    }

    private static (Step Step, T Result) Measure<T>(Func<double> server, Func<Task<T>> work) =>
        MeasureAsync(server, work).GetAwaiter().GetResult();

    private static async Task<(Step Step, T Result)> MeasureAsync<T>(Func<double> server, Func<Task<T>> work)
    {
        var (ownBefore, serverBefore) = (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, server());
        var watch = Stopwatch.StartNew();
        var result = await work();
        var seconds = watch.Elapsed.TotalSeconds;
        return (new Step(seconds, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - ownBefore, server() - serverBefore), result);
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Expected {what}.");
        }
    }

    private sealed record Step(double Seconds, double OwnCpu, double ServerCpu)
    {
        public string Row(string what, long units, string unit) => string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {Seconds:F1} s | {units / Seconds:N0} {unit}/s | {OwnCpu * 1e6 / units:F2} / {ServerCpu * 1e6 / units:F2} |");
    }

    /// <summary>A sink that counts the lines written to it.</summary>
    private sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Lines += buffer.AsSpan(offset, count).Count((byte)'\n');

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Lines += buffer.Span.Count((byte)'\n');
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}