using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.AppHost.Resources;
using MlOps.SystemHarness;

namespace MlOps.Inference.Bench;

/// <summary>
/// Single-row and batch predict through the gateway, directly to Inference.Service and in-process, in one run, on a
/// Pima model trained and promoted on the running system. Usage:
/// dotnet run -c Release --project bench/Inference.Bench [seconds per measurement] [trainer] [single-row-16]
/// where single-row-16 measures single rows only, at concurrency 1 (a warm-up, as in a full run) and 16.
/// </summary>
public static class Program
{
    // A FastAPI + scikit-learn RandomForest service on this machine: best single-row rate (two uvicorn workers,
    // concurrency 16) and best batch rate (batches of 100).
    private const double BaselineRequestsPerSecond = 680;
    private const double BaselineRowsPerSecond = 29_000;
    private const int BatchConcurrency = 4;

    public static async Task Main(string[] args)
    {
        var duration = TimeSpan.FromSeconds(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10);
        var trainer = args.Length > 1 ? args[1] : "FastTree";
        var singleRow16Only = args.Length > 2 && args[2] == "single-row-16";
        var warmUp = TimeSpan.FromSeconds(3);

        var root = Directory.CreateTempSubdirectory("mlops-bench-").FullName;
        try
        {
            await Prerequisites.EnsureInstalledAsync(Console.WriteLine);
            var apiKey = "mlops_bench_" + Guid.NewGuid().ToString("N");
            // The AppHost starts PostgreSQL and RabbitMQ too, so the servers run as `dotnet run --project AppHost`
            // runs them.
            await using var system = await RunningSystem.StartAsync(Path.Combine(root, "system"), FreePort.Next(), apiKey,
                new Dictionary<string, string>
                {
                    // The load below is far past the gateway's default per-key rate limit.
                    ["RateLimits__PermitsPerSecond"] = "10000000",
                    ["RateLimits__Burst"] = "10000000",
                });

            var scheduling = $"The system's threads run under {Scheduling(system.Processes())} scheduling, the load generator's under {Scheduling([Environment.ProcessId])}.";
            using var admin = system.CreateClient();
            var package = await PimaDeployment.DeployAsync(admin, trainer);
            var bodies = await PredictBodies.ReadAsync(PimaDeployment.CsvPath, "diabetes");
            using var gateway = new HttpPredictor(system.GatewayUrl, apiKey);
            using var direct = new HttpPredictor(system.ServiceUrl("inference-service"), apiKey: null);
            using var gatewayLoad = new RawHttpLoad(system.GatewayUrl, apiKey);
            using var directLoad = new RawHttpLoad(system.ServiceUrl("inference-service"), apiKey: null);
            var inProcess = await InProcessPredictor.LoadAsync(package);

            var served = 0L;
            Action<int> Http(RawHttpLoad load, byte[][] set, int rows)
            {
                var requests = set.Select(load.Prepare).ToArray();
                return i =>
                {
                    load.Send(requests[i % requests.Length]);
                    Interlocked.Add(ref served, rows);
                };
            }

            Action<int> Local(byte[][] set) => i => inProcess.Predict(set[i % set.Length]);

            foreach (var predictor in new[] { gateway, direct })
            {
                Check(await predictor.CountPredictionsAsync(bodies.SingleRows[0]) == 1, "one prediction for one row");
                Check(await predictor.CountPredictionsAsync(bodies.Batches[0]) == PredictBodies.BatchRows, "a prediction per batch row");
                served += 1 + PredictBodies.BatchRows;
            }

            var cpu = new CpuUsage(root);
            var results = new List<LoadResult>();
            // A measurement over HTTP is followed by waiting for the log to catch up, so the rows it left queued are
            // not logged on the next measurement's CPU time, and so its own rows can be told logged or dropped.
            var log = await WaitForLogAsync(admin, served, TimeSpan.FromMinutes(5));
            async Task MeasureAsync(string path, int concurrency, int rows, Action<int> call)
            {
                var result = ClosedLoop.Run(path, concurrency, rows, warmUp, duration, call, cpu);
                var before = log;
                log = await WaitForLogAsync(admin, Interlocked.Read(ref served), TimeSpan.FromMinutes(5));
                var handled = log.Logged + log.Dropped - before.Logged - before.Dropped;
                if (handled > 0)
                {
                    result = result with { LoggedShare = (double)(log.Logged - before.Logged) / handled, LogCatchUp = log.Took };
                }

                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.UtcNow:HH:mm:ss} {path}, {rows} row(s) per request, concurrency {concurrency}: {result.RowsPerSecond:N0} rows/s"));
            }

            foreach (var concurrency in singleRow16Only ? [1, 16] : new[] { 1, 16, 64 })
            {
                await MeasureAsync("gateway", concurrency, 1, Http(gatewayLoad, bodies.SingleRows, 1));
                await MeasureAsync("direct", concurrency, 1, Http(directLoad, bodies.SingleRows, 1));
                await MeasureAsync("in-process", concurrency, 1, Local(bodies.SingleRows));
            }

            var batch = PredictBodies.BatchRows;
            if (!singleRow16Only)
            {
                await MeasureAsync("gateway", BatchConcurrency, batch, Http(gatewayLoad, bodies.Batches, batch));
                await MeasureAsync("direct", BatchConcurrency, batch, Http(directLoad, bodies.Batches, batch));
                await MeasureAsync("in-process", BatchConcurrency, batch, Local(bodies.Batches));
            }

            Print(inProcess.Model, scheduling, duration, results, served, log);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Expected {what}.");
        }
    }

    /// <summary>
    /// Waits until every row served over HTTP is either in the prediction log or counted as dropped by Inference;
    /// returns how long that took, what was logged and what was dropped.
    /// </summary>
    private static async Task<(TimeSpan Took, long Logged, long Dropped)> WaitForLogAsync(HttpClient admin, long served, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var logged = await LoggedAsync(admin);
            var models = await admin.GetFromJsonAsync<JsonElement>("/api/inference/models");
            var dropped = models.EnumerateArray().Sum(model => model.GetProperty("droppedLogRows").GetInt64());
            if (logged + dropped >= served || watch.Elapsed >= within)
            {
                return (watch.Elapsed, logged, dropped);
            }

            await Task.Delay(500);
        }
    }

    private static async Task<long> LoggedAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/telemetry/statistics?model=pima&interval=day"))
            .GetProperty("total").GetProperty("served").GetProperty("requests").GetInt64();

    /// <summary>The scheduling policies the processes' threads run under.</summary>
    private static string Scheduling(IEnumerable<int> processes)
    {
        var policies = processes.SelectMany(SystemProcesses.ThreadPolicies).Distinct().Order()
            .Select(policy => policy switch { 0 => "normal", 3 => "SCHED_BATCH", _ => $"policy {policy}" });
        return string.Join(" and ", policies);
    }

    private static void Print(string model, string scheduling, TimeSpan duration, List<LoadResult> results, long served, (TimeSpan Took, long Logged, long Dropped) log)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"Pima model: {model}");
        Console.WriteLine($"{Environment.ProcessorCount} cores, {duration.TotalSeconds:F0} s per measurement after a warm-up");
        Console.WriteLine(scheduling);
        Console.WriteLine();
        Console.WriteLine("| call | path | concurrency | requests/s | rows/s | p50 ms | p99 ms | × FastAPI + scikit-learn best | rows logged | log caught up after s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var result in results)
        {
            var single = result.RowsPerRequest == 1;
            var ratio = single ? result.RequestsPerSecond / BaselineRequestsPerSecond : result.RowsPerSecond / BaselineRowsPerSecond;
            Console.WriteLine(string.Create(invariant,
                $"| {(single ? "single row" : $"batch of {result.RowsPerRequest:N0}")} | {result.Path} | {result.Concurrency} | {result.RequestsPerSecond:N0} | {result.RowsPerSecond:N0} | {result.P50Ms:F2} | {result.P99Ms:F2} | {ratio:F1} | {result.LoggedShare?.ToString("P1", invariant) ?? "—"} | {result.LogCatchUp?.TotalSeconds.ToString("F1", invariant) ?? "—"} |"));
        }

        Console.WriteLine();
        Console.WriteLine("CPU per row served (µs; bench = the load generator, and the scoring itself when in-process):");
        Console.WriteLine();
        Console.WriteLine($"| call | path | concurrency | {string.Join(" | ", CpuUsage.Parts)} | all | machine idle |");
        Console.WriteLine($"|---|---|---|{string.Concat(Enumerable.Repeat("---|", CpuUsage.Parts.Length + 2))}");
        foreach (var result in results)
        {
            var parts = string.Join(" | ", CpuUsage.Parts.Select(part => result.CpuPerRow[part].ToString("F1", invariant)));
            Console.WriteLine(string.Create(invariant,
                $"| {(result.RowsPerRequest == 1 ? "single row" : $"batch of {result.RowsPerRequest:N0}")} | {result.Path} | {result.Concurrency} | {parts} | {result.CpuPerRow.Values.Sum():F1} | {result.IdleShare:P0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(invariant,
            $"Prediction log at the end: {log.Logged:N0} of {served:N0} rows served over HTTP logged, {log.Dropped:N0} dropped."));
    }
}