using System.Globalization;

using MlOps.Console.Api.Training;

namespace MlOps.Console.Training;

/// <summary>Reads the training form into a job request; blank fields are left to the API's defaults.</summary>
public static class JobForm
{
    public const string ThresholdPrefix = "threshold.";

    public static (JobRequest? Request, string? Error) Read(IFormCollection form)
    {
        var errors = new List<string>();
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (field, values) in form.Where(pair => pair.Key.StartsWith(ThresholdPrefix, StringComparison.Ordinal)))
        {
            if (Number(values.ToString(), field, errors) is { } threshold)
            {
                thresholds[field[ThresholdPrefix.Length..]] = threshold;
            }
        }

        var trials = Whole(form["trials"].ToString(), "trials", errors);
        var folds = Whole(form["folds"].ToString(), "folds", errors);
        var version = Whole(form["datasetVersion"].ToString(), "datasetVersion", errors);
        if (errors.Count > 0)
        {
            return (null, string.Join(" ", errors));
        }

        var trainers = form["trainers"].Where(trainer => !string.IsNullOrWhiteSpace(trainer)).Select(trainer => trainer!).ToList();
        return (new JobRequest(
            Text(form["model"].ToString()),
            new JobDataset(Text(form["dataset"].ToString()), version),
            trainers.Count > 0 ? trainers : null,
            new JobSearch(Text(form["strategy"].ToString()), trials),
            folds,
            Text(form["metric"].ToString()),
            thresholds), null);
    }

    private static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int? Whole(string value, string field, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add($"{field}: '{value}' is not a whole number.");
        return null;
    }

    private static double? Number(string value, string field, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add($"{field}: '{value}' is not a number.");
        return null;
    }
}