using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using Microsoft.ML;

using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Learning;

namespace MlOps.Training.Bench;

/// <summary>
/// Training time against dataset size for FastForest (100 trees) and LightGbm (100 iterations) on a generated
/// mixed numeric/categorical table of 10 features; each measurement runs in a process of its own so its peak
/// memory is its own. Usage: dotnet run -c Release --project bench/Training.Bench [rows,rows,...]
/// </summary>
public static class Program
{
    private static readonly string[] Trainers = ["FastForest", "LightGbm"];

    public static async Task<int> Main(string[] args)
    {
        if (args is ["measure", var trainerName, var rowCount])
        {
            Console.WriteLine(JsonSerializer.Serialize(Measure(trainerName, int.Parse(rowCount, CultureInfo.InvariantCulture))));
            return 0;
        }

        var sizes = (args.Length > 0 ? args[0] : "10000,100000,1000000").Split(',').Select(int.Parse).ToList();
        Console.WriteLine($"{Environment.ProcessorCount} cores; 6 numeric + 4 categorical features; binary label");
        Console.WriteLine("| trainer | rows | generate s | fit s | rows/s | peak working set MB |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var rows in sizes)
        {
            foreach (var trainer in Trainers)
            {
                var result = await MeasureInChildAsync(trainer, rows);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {trainer} | {rows:N0} | {result.GenerateSeconds:F2} | {result.FitSeconds:F2} | {rows / result.FitSeconds:N0} | {result.PeakMegabytes:N0} |"));
            }
        }

        return 0;
    }

    private static Measurement Measure(string trainerName, int rows)
    {
        var watch = Stopwatch.StartNew();
        var table = MixedTable.Generate(rows, seed: 11);
        var generated = watch.Elapsed;

        var ml = new MLContext(seed: 1);
        var trainer = TrainerCatalog.Find(ModelTask.Binary, trainerName)!;
        var parameters = new HyperParameters(trainerName == "LightGbm"
            ? new Dictionary<string, double> { ["iterations"] = 100, ["leaves"] = 32, ["learningRate"] = 0.1, ["minExamplesPerLeaf"] = 20 }
            : new Dictionary<string, double> { ["trees"] = 100, ["leaves"] = 32, ["minExamplesPerLeaf"] = 10, ["featureFraction"] = 0.7 });
        watch.Restart();
        var data = TrainingPipeline.PrepareData(ml, table, ModelTask.Binary, table.Label.DistinctStrings(), balanceClasses: false);
        TrainingPipeline.Build(ml, table, ModelTask.Binary, trainer, new TrainerArguments(parameters, null, 1)).Fit(data);
        var fit = watch.Elapsed;

        return new Measurement(generated.TotalSeconds, fit.TotalSeconds, Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024));
    }

    private static async Task<Measurement> MeasureInChildAsync(string trainer, int rows)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "measure", trainer, rows.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return JsonSerializer.Deserialize<Measurement>(output.Trim().Split('\n')[^1])!;
    }

    private sealed record Measurement(double GenerateSeconds, double FitSeconds, double PeakMegabytes);
}