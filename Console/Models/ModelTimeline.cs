using System.Globalization;

using MlOps.Console.Api.Monitoring;
using MlOps.Console.Api.Registry;

namespace MlOps.Console.Models;

/// <summary>
/// One model's story in time order: Monitoring's loop (alert, drift report, retrain, job, challenger, comparison,
/// promotion) merged with every alias and traffic change the registry audited.
/// </summary>
public static class ModelTimeline
{
    public const string Monitoring = "monitoring";
    public const string Registry = "registry";

    public static IReadOnlyList<TimelineStep> Build(string model, IReadOnlyList<AuditEntry> audit, IReadOnlyList<HistoryEntry> history)
    {
        // A retrain request is audited before its job exists; a later step of the same retrain names the job.
        var jobOfRetrain = audit
            .Where(entry => entry is { RetrainId: not null, JobId: not null })
            .GroupBy(entry => entry.RetrainId!.Value)
            .ToDictionary(group => group.Key, group => group.First().JobId!.Value);

        var steps = audit.Select(entry => (Step: FromAudit(model, entry, jobOfRetrain), entry.Id))
            .Concat(history.Select(entry => (Step: FromHistory(model, entry), entry.Id)));
        return [.. steps.OrderBy(step => step.Step.At).ThenBy(step => step.Step.Source, StringComparer.Ordinal).ThenBy(step => step.Id).Select(step => step.Step)];
    }

    public static string VersionHref(string model, int version) => $"/models/{Uri.EscapeDataString(model)}/versions/{version}";

    private static TimelineStep FromAudit(string model, AuditEntry entry, Dictionary<Guid, Guid> jobOfRetrain)
    {
        var name = Uri.EscapeDataString(model);
        var links = new List<TimelineLink>();
        if (entry.AlertId is { } alert)
        {
            links.Add(new TimelineLink("alert", $"alert {Short(alert)}", $"/monitoring/{name}#alerts"));
        }

        if (entry.ReportId is { } report)
        {
            links.Add(new TimelineLink("report", $"drift report {Short(report)}", $"/monitoring/{name}/reports/{report}"));
        }

        if ((entry.JobId ?? (entry.RetrainId is { } retrain && jobOfRetrain.TryGetValue(retrain, out var job) ? job : null)) is { } jobId)
        {
            links.Add(new TimelineLink("job", $"job {Short(jobId)}", $"/jobs/{jobId}"));
        }

        if (entry.Version is { } version)
        {
            links.Add(new TimelineLink("version", $"version {version}", VersionHref(model, version)));
        }

        return new TimelineStep(entry.At, Monitoring, entry.Action, AuditTitle(entry.Action), entry.Detail, links);
    }

    private static TimelineStep FromHistory(string model, HistoryEntry entry)
    {
        var links = new List<TimelineLink>();
        foreach (var version in new[] { entry.FromVersion, entry.ToVersion }.OfType<int>().Distinct())
        {
            links.Add(new TimelineLink("version", $"version {version}", VersionHref(model, version)));
        }

        var detail = string.Join(" · ", new[] { Change(entry), entry.Reason, $"by key {entry.Who.KeyId ?? "(none)"}" }.Where(part => !string.IsNullOrEmpty(part)));
        return new TimelineStep(entry.At, Registry, entry.Action, HistoryTitle(entry), detail, links);
    }

    /// <summary>What a registry change changed, such as "v1 → v2" or "single → canary 10 %".</summary>
    public static string Change(HistoryEntry entry)
    {
        if (entry.Action == "deployment")
        {
            return $"{Split(TrafficSplit.Read(entry.From))} → {Split(TrafficSplit.Read(entry.To))}";
        }

        return $"{Version(entry.FromVersion)} → {Version(entry.ToVersion)}";
    }

    public static string HistoryTitle(HistoryEntry entry) => entry.Action switch
    {
        "promote" => "Promoted to champion",
        "rollback" => "Rolled back to the previous champion",
        "alias-set" => $"Alias {entry.Alias} set",
        "alias-deleted" => $"Alias {entry.Alias} removed",
        "deployment" => "Traffic split changed",
        var action => action,
    };

    private static string AuditTitle(string action) => action switch
    {
        "alert_opened" => "Alert opened",
        "alert_resolved" => "Alert resolved",
        "retrain_requested" => "Retrain requested",
        "retrain_failed" => "Retrain failed",
        "challenger_registered" => "Challenger registered",
        "challenger_evaluated" => "Challenger compared with the champion",
        "challenger_kept" => "Challenger kept",
        "promoted" => "Promoted by the monitoring policy",
        _ => action.Replace('_', ' '),
    };

    private static string Version(int? version) => version is { } v ? $"v{v}" : "none";

    private static string Split(TrafficSplit? split) => split switch
    {
        null => "unknown",
        { Mode: DeploymentHistory.Single } => DeploymentHistory.Single,
        _ => $"{split.Mode} {split.ChallengerTraffic.ToString("P0", CultureInfo.InvariantCulture)}",
    };

    private static string Short(Guid id) => id.ToString("N")[^8..];
}