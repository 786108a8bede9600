using Microsoft.Extensions.Options;

namespace MlOps.Inference.Service.Serving;

/// <summary>Refuses to start with settings that would break serving or logging, naming each bad key.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var problems = new List<string>();
        AtLeast(problems, nameof(options.MaxBatchRows), options.MaxBatchRows, 1);
        AtLeast(problems, nameof(options.MaxRequestBytes), options.MaxRequestBytes, 1);
        AtLeast(problems, nameof(options.MaxReportedProblems), options.MaxReportedProblems, 1);
        AtLeast(problems, nameof(options.ShadowQueueRequests), options.ShadowQueueRequests, 1);
        AtLeast(problems, nameof(options.LogQueueRows), options.LogQueueRows, 0);
        AtLeast(problems, nameof(options.LogBatchSize), options.LogBatchSize, 1);
        AtLeast(problems, nameof(options.LogPendingRows), options.LogPendingRows, 0);
        AtLeast(problems, nameof(options.MaxSpillBytes), options.MaxSpillBytes, 0);
        Positive(problems, nameof(options.ResyncInterval), options.ResyncInterval);
        Positive(problems, nameof(options.RetryInterval), options.RetryInterval);
        Positive(problems, nameof(options.LogFlushInterval), options.LogFlushInterval);
        Positive(problems, nameof(options.PublishTimeout), options.PublishTimeout);
        if (string.IsNullOrWhiteSpace(options.SpillFolder))
        {
            problems.Add($"{InferenceOptions.Section}:{nameof(options.SpillFolder)} is required.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void AtLeast(List<string> problems, string key, long value, long minimum)
    {
        if (value < minimum)
        {
            problems.Add($"{InferenceOptions.Section}:{key} is {value}; it must be at least {minimum}.");
        }
    }

    private static void Positive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{InferenceOptions.Section}:{key} is {value}; it must be longer than zero.");
        }
    }
}