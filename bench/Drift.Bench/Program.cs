using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

using MlOps.AppHost.Resources;
using MlOps.Monitoring.Service.Checks;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Policies;
using MlOps.Monitoring.Service.Profiles;
using MlOps.SystemHarness;

using Npgsql;

namespace MlOps.Drift.Bench;

/// <summary>
/// A drift check over a day of logged predictions read from Monitoring's binned counts, against the same statistics
/// computed from the raw rows (read from PostgreSQL, and in memory), in one run on one server.
/// Usage: dotnet run -c Release --project bench/Drift.Bench [rows]
/// </summary>
public static class Program
{
    private const int Repetitions = 5;
    private const int Hours = 24;
    private const int ShiftedFromHour = 16;

    public static async Task Main(string[] args)
    {
        var rowCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var options = new MonitoringOptions();
        var to = options.BucketOf(DateTimeOffset.UtcNow);
        var from = to - TimeSpan.FromHours(Hours);
        var policy = new MonitoringPolicy();

        var root = Directory.CreateTempSubdirectory("mlops-bench-").FullName;
        try
        {
            await Prerequisites.EnsureInstalledAsync(Console.WriteLine);
            // Durable settings (fsync on), as the AppHost runs its own server.
            await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions(Path.Combine(root, "postgres")));
            await using var dataSource = await MonitoringDatabase.CreateAsync(postgres);
            var manifest = TrainingProfile.Manifest(seed: 3);
            await MonitoringDatabase.SaveManifestAsync(dataSource, manifest);
            var reference = ReferenceProfile.From(manifest);
            RequireFeatureOrder(reference);

            Console.WriteLine($"Generating {rowCount:N0} logged rows over {Hours} hours, shifted from hour {ShiftedFromHour}…");
            var rows = LoggedRows.Generate(rowCount, from, TimeSpan.FromHours(Hours), TimeSpan.FromHours(ShiftedFromHour), seed: 5);
            var binnedIngest = await BinnedIngest.RunAsync(dataSource, reference, rows, options);
            var raw = new RawRows(dataSource);
            await raw.CreateAsync();
            var rawCopy = await raw.CopyAsync(rows);

            var store = new CountStore(dataSource);
            using var unusedHttp = new HttpClient();
            var checker = MonitoringDatabase.Checker(dataSource, options, unusedHttp);
            DriftReport Analyse(WindowCounts window) => DriftAnalysis.Analyse(
                Guid.CreateVersion7(), "bench", reference, BenchModel.Version, window, (0, 0, 0), policy, from, to, DateTimeOffset.UtcNow);
            Task<WindowCounts> ReadCounts() => store.ReadAsync(BenchModel.Tenant, BenchModel.Name, BenchModel.Version, from, to, CancellationToken.None);

            Console.WriteLine("Measuring…");
            var (binned, binnedReport) = await Timing.MeasureAsync(
                "binned counts: `CountStore.ReadAsync` + `DriftAnalysis.Analyse`", Repetitions, async () => Analyse(await ReadCounts()));
            var window = await ReadCounts();
            var (analyseOnly, _) = await Timing.MeasureAsync(
                "binned counts: `DriftAnalysis.Analyse` alone (counts in memory)", Repetitions, () => Task.FromResult(Analyse(window)));
            var (check, checkReport) = await Timing.MeasureAsync(
                "binned counts: `DriftChecker.CheckAsync` (+ policy, labels, report stored, alert rules)", Repetitions,
                async () => (await checker.CheckAsync(BenchModel.Tenant, BenchModel.Name, BenchModel.Version, from, to, "bench", CancellationToken.None))!);
            var (fromDatabase, databaseReport) = await Timing.MeasureAsync(
                "raw rows: SELECT from PostgreSQL + bin + analyse", Repetitions, async () => Analyse(await raw.TallyAsync(reference, from, to)));
            var (inMemory, memoryReport) = await Timing.MeasureAsync(
                "raw rows: bin + analyse in memory (no database)", Repetitions, () => Task.FromResult(Analyse(RawRows.TallyInMemory(reference, rows))));

            ReportComparison.RequireSame(binnedReport, databaseReport, "binned counts vs raw rows from PostgreSQL");
            ReportComparison.RequireSame(binnedReport, memoryReport, "binned counts vs raw rows in memory");
            ReportComparison.RequireSame(binnedReport, checkReport, "read + analyse vs DriftChecker.CheckAsync");
            Require(binnedReport.Rows == rowCount, $"the window to hold all {rowCount} rows, not {binnedReport.Rows}");

            Console.WriteLine();
            Console.WriteLine(await MachineAsync(dataSource));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Ingest (context): bins + CountStore.AddAsync, {BinnedIngest.BatchRows} rows a transaction: {binnedIngest.TotalSeconds:F1} s ({rowCount / binnedIngest.TotalSeconds:N0} rows/s); raw binary COPY: {rawCopy.TotalSeconds:F1} s ({rowCount / rawCopy.TotalSeconds:N0} rows/s)."));
            var counters = await ScalarAsync(dataSource, "SELECT count(*) FROM bin_counts");
            var countersKb = await ScalarAsync(dataSource, "SELECT pg_total_relation_size('bin_counts') / 1024");
            var rawMb = await ScalarAsync(dataSource, "SELECT pg_total_relation_size('logged_rows') / 1048576");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Stored: bin_counts {counters:N0} rows, {countersKb:N0} kB; logged_rows {rowCount:N0} rows, {rawMb:N0} MB."));
            Console.WriteLine($"Peak working set of the bench process: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MB.");
            Console.WriteLine($"Statistics identical (to 1e-9) on all {binnedReport.Features.Count} features and the prediction across the four paths.");
            Console.WriteLine();
            PrintTable(rowCount, binned, [binned, analyseOnly, check, fromDatabase, inMemory]);
            Console.WriteLine();
            PrintVerdict(binnedReport);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The bench indexes features as numeric then categorical; the reference must list them so.</summary>
    private static void RequireFeatureOrder(ReferenceProfile reference) =>
        Require(reference.Features.Select(feature => feature.Name).SequenceEqual([.. BenchModel.Numeric, .. BenchModel.Categorical])
            && reference.Prediction is not null, "the reference to profile every feature, in order, and the prediction");

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Expected {what}.");
        }
    }

    private static void PrintTable(int rowCount, Timing baseline, IEnumerable<Timing> timings)
    {
        Console.WriteLine($"| path | rows | first run ms | median ms | max ms | × binned read + analyse |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var timing in timings)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {timing.Path} | {rowCount:N0} | {timing.FirstMs:N2} | {timing.MedianMs:N2} | {timing.MaxMs:N2} | {timing.MedianMs / baseline.MedianMs:N2} |"));
        }
    }

    private static void PrintVerdict(DriftReport report)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Verdict: drifted {report.Dataset.Drifted} ({report.Dataset.DriftedFeatures} of {report.Dataset.TestedFeatures} features)"));
        foreach (var series in report.Features.Append(report.Prediction!))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {series.Name}: {series.Method} {series.Statistic:G6} (threshold {series.Threshold}), PSI {series.Psi:G4}, drifted {series.Drifted}"));
        }
    }

    private static async Task<string> MachineAsync(NpgsqlDataSource dataSource)
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        await using var command = dataSource.CreateCommand("SHOW server_version");
        var postgres = (string)(await command.ExecuteScalarAsync())!;
        return string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores, {memory:F0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, PostgreSQL {postgres}");
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}