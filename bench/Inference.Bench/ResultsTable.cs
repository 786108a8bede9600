using System.Globalization;

namespace MlOps.Inference.Bench;

/// <summary>
/// The run's measurements as Markdown tables, each against the FastAPI + scikit-learn peer measured in the same run:
/// single rows against its requests/s, batches against its best rows/s over the batch sizes it was given.
/// </summary>
internal static class ResultsTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Print(string model, string scheduling, TimeSpan duration, List<LoadResult> results, long served, (TimeSpan Took, long Logged, long Dropped) log)
    {
        var peer = results.Where(result => result.Path == SklearnPeer.Label).ToList();
        var peerRequests = peer.Where(result => result.RowsPerRequest == 1).Select(result => result.RequestsPerSecond).DefaultIfEmpty().Max();
        var peerRows = peer.Where(result => result.RowsPerRequest > 1).Select(result => result.RowsPerSecond).DefaultIfEmpty().Max();

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
            var ratio = single ? Ratio(result.RequestsPerSecond, peerRequests) : Ratio(result.RowsPerSecond, peerRows);
            Console.WriteLine(string.Create(Invariant,
                $"| {Call(result)} | {result.Path} | {result.Concurrency} | {result.RequestsPerSecond:N0} | {result.RowsPerSecond:N0} | {result.P50Ms:F2} | {result.P99Ms:F2} | {ratio} | {result.LoggedShare?.ToString("P1", Invariant) ?? "—"} | {result.LogCatchUp?.TotalSeconds.ToString("F1", Invariant) ?? "—"} |"));
        }

        Console.WriteLine();
        var batches = peerRows > 0 ? string.Create(Invariant, $", batches against its best batch rate, {peerRows:N0} rows/s") : "";
        Console.WriteLine(string.Create(Invariant,
            $"× FastAPI + scikit-learn best: single rows against the peer's {peerRequests:N0} requests/s{batches}, measured in this run."));
        Console.WriteLine();
        Console.WriteLine("CPU per row served (µs; bench = the load generator, and the scoring itself when in-process; peer = its uvicorn processes):");
        Console.WriteLine();
        Console.WriteLine($"| call | path | concurrency | {string.Join(" | ", CpuUsage.Parts)} | all | machine idle |");
        Console.WriteLine($"|---|---|---|{string.Concat(Enumerable.Repeat("---|", CpuUsage.Parts.Length + 2))}");
        foreach (var result in results)
        {
            var parts = string.Join(" | ", CpuUsage.Parts.Select(part => result.CpuPerRow[part].ToString("F1", Invariant)));
            Console.WriteLine(string.Create(Invariant,
                $"| {Call(result)} | {result.Path} | {result.Concurrency} | {parts} | {result.CpuPerRow.Values.Sum():F1} | {result.IdleShare:P0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant,
            $"Prediction log at the end: {log.Logged:N0} of {served:N0} rows served over HTTP logged, {log.Dropped:N0} dropped."));
    }

    private static string Call(LoadResult result) =>
        result.RowsPerRequest == 1 ? "single row" : string.Create(Invariant, $"batch of {result.RowsPerRequest:N0}");

    private static string Ratio(double rate, double peerRate) => peerRate > 0 ? (rate / peerRate).ToString("F1", Invariant) : "—";
}