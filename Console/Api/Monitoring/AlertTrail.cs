namespace MlOps.Console.Api.Monitoring;

/// <summary>What an alert led to, read from the monitoring audit: the retrain it asked for, that retrain's job and the version it registered.</summary>
public sealed record AlertTrail(Guid? RetrainId, Guid? JobId, int? Version)
{
    public static AlertTrail Of(Alert alert, IEnumerable<AuditEntry> audit)
    {
        var entries = audit.Where(entry => entry.AlertId == alert.Id).ToList();
        var job = entries.LastOrDefault(entry => entry.JobId is not null);
        return new AlertTrail(
            entries.Select(entry => entry.RetrainId).LastOrDefault(id => id is not null),
            job?.JobId,
            job?.Version);
    }
}