using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

using MlOps.AppHost.Resources;
using MlOps.SystemHarness;

namespace MlOps.Inference.Bench;

/// <summary>
/// Single-row and batch predict through the gateway, directly to Inference.Service and in-process, in one run, on a
/// Pima model trained and promoted on the running system, and the same loads on a FastAPI + scikit-learn service
/// (<see cref="SklearnPeer"/>) trained on the same rows. Usage:
/// dotnet run -c Release --project bench/Inference.Bench [seconds per measurement] [trainer] [single-row-16]
/// where single-row-16 measures single rows only, at concurrency 1 (a warm-up, as in a full run) and 16, and the peer
/// at 16.
/// </summary>
public static class Program
{
    private const int SchedBatch = 3;
    private const int BatchConcurrency = 4;
    private const int ManyBatchClients = 16;
    private const int PeerConcurrency = 16;

    // The peer gets batches of 1,000 as the platform does, and of 100, which an earlier measurement found its best.
    private const int PeerSmallBatchRows = 100;

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
            await PeerPrerequisites.EnsureInstalledAsync(Console.WriteLine);
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

            // The peer runs under the scheduling policy the launcher gave the system, so both serve under the same.
            var systemBatchScheduled = system.Processes().SelectMany(SystemProcesses.ThreadPolicies).Contains(SchedBatch);
            await using var peer = SklearnPeer.Start(PimaDeployment.CsvPath, systemBatchScheduled);
            using var admin = system.CreateClient();
            var package = await PimaDeployment.DeployAsync(admin, trainer);
            await peer.WaitUntilAnsweringAsync(TimeSpan.FromMinutes(2));
            var scheduling = $"The system's threads run under {Scheduling(system.Processes())} scheduling, the peer's under "
                + $"{Scheduling([peer.Pid])}, the load generator's under {Scheduling([Environment.ProcessId])}.";
            var bodies = await PredictBodies.ReadAsync(PimaDeployment.CsvPath, "diabetes");
            var peerSmallBatches = bodies.BatchesOf(PeerSmallBatchRows);
            using var gateway = new HttpPredictor(system.GatewayUrl, PimaDeployment.PredictPath, apiKey);
            using var direct = new HttpPredictor(system.ServiceUrl("inference-service"), PimaDeployment.PredictPath, apiKey: null);
            using var peerCheck = new HttpPredictor(peer.Url, SklearnPeer.PredictPath, apiKey: null);
            using var gatewayLoad = new RawHttpLoad(system.GatewayUrl, PimaDeployment.PredictPath, apiKey);
            using var directLoad = new RawHttpLoad(system.ServiceUrl("inference-service"), PimaDeployment.PredictPath, apiKey: null);
            using var peerLoad = new RawHttpLoad(peer.Url, SklearnPeer.PredictPath, apiKey: null);
            var inProcess = await InProcessPredictor.LoadAsync(package);

            // Rows served by the platform over HTTP, each of which its prediction log must account for.
            var served = 0L;
            Action<int> Http(RawHttpLoad load, byte[][] set, int loggedRows)
            {
                var requests = set.Select(load.Prepare).ToArray();
                return i =>
                {
                    load.Send(requests[i % requests.Length]);
                    Interlocked.Add(ref served, loggedRows);
                };
            }

            // New connections for each of the peer's measurements: uvicorn closes those idle for 5 s (its keep-alive
            // timeout), as they are between two. The peer logs nothing.
            Action<int> Peer(int concurrency, byte[][] set)
            {
                peerLoad.Reconnect(concurrency, peer.EvenlyOverWorkers(concurrency));
                return Http(peerLoad, set, loggedRows: 0);
            }

            Action<int> Local(byte[][] set) => i => inProcess.Predict(set[i % set.Length]);

            foreach (var predictor in new[] { gateway, direct })
            {
                Check(await predictor.CountPredictionsAsync(bodies.SingleRows[0]) == 1, "one prediction for one row");
                Check(await predictor.CountPredictionsAsync(bodies.Batches[0]) == PredictBodies.BatchRows, "a prediction per batch row");
                served += 1 + PredictBodies.BatchRows;
            }

            Check(await peerCheck.CountPredictionsAsync(bodies.SingleRows[0]) == 1, "one prediction for one row from the peer");
            Check(await peerCheck.CountPredictionsAsync(bodies.Batches[0]) == PredictBodies.BatchRows, "a prediction per batch row from the peer");
            Check(await peerCheck.CountPredictionsAsync(peerSmallBatches[0]) == PeerSmallBatchRows, "a prediction per small batch row from the peer");

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
                if (concurrency == PeerConcurrency)
                {
                    await MeasureAsync(SklearnPeer.Label, concurrency, 1, Peer(concurrency, bodies.SingleRows));
                }
            }

            var batch = PredictBodies.BatchRows;
            if (!singleRow16Only)
            {
                await MeasureAsync("gateway", BatchConcurrency, batch, Http(gatewayLoad, bodies.Batches, batch));
                // Sixteen clients posting batches, as a team scoring a backlog from several workers would.
                await MeasureAsync("gateway", ManyBatchClients, batch, Http(gatewayLoad, bodies.Batches, batch));
                await MeasureAsync("direct", BatchConcurrency, batch, Http(directLoad, bodies.Batches, batch));
                await MeasureAsync("in-process", BatchConcurrency, batch, Local(bodies.Batches));
                await MeasureAsync(SklearnPeer.Label, BatchConcurrency, batch, Peer(BatchConcurrency, bodies.Batches));
                await MeasureAsync(SklearnPeer.Label, BatchConcurrency, PeerSmallBatchRows, Peer(BatchConcurrency, peerSmallBatches));
            }

            ResultsTable.Print(inProcess.Model, scheduling, duration, results, served, log);
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
}