using MlOps.Console.Api.Monitoring;
using MlOps.Console.Models;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class ModelTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Alert = Guid.Parse("01a24037-1bf7-7b0b-9833-6b1f361c2d76");
    private static readonly Guid Report = Guid.Parse("01a24037-1bed-7330-be92-0bb20fcda213");
    private static readonly Guid Retrain = Guid.Parse("01a24037-2000-7000-8000-000000000001");
    private static readonly Guid Job = Guid.Parse("01a24037-3000-7000-8000-000000000002");

    [Fact]
    public void Monitoring_and_registry_steps_merge_in_time_order_monitoring_first_at_the_same_moment()
    {
        AuditEntry[] audit =
        [
            Audit(1, "alert_opened", minutes: 60, alert: Alert, report: Report, version: 1),
            Audit(2, "retrain_requested", minutes: 61, alert: Alert, report: Report, retrain: Retrain, version: 1),
            Audit(3, "challenger_registered", minutes: 70, alert: Alert, report: Report, retrain: Retrain, job: Job, version: 2),
            Audit(4, "challenger_evaluated", minutes: 71, alert: Alert, report: Report, retrain: Retrain, job: Job, version: 2),
            Audit(5, "promoted", minutes: 72, alert: Alert, report: Report, retrain: Retrain, job: Job, version: 2),
        ];
        var history = new[]
        {
            DeploymentHistoryTests.Entry(2, "promote", "champion", "1", "2", minutes: 71, reason: "retrain"),
            DeploymentHistoryTests.Entry(1, "promote", "champion", null, "1", minutes: 0),
        };

        var steps = ModelTimeline.Build("pima", audit, history);

        Assert.Equal(
            ["promote", "alert_opened", "retrain_requested", "challenger_registered", "challenger_evaluated", "promote", "promoted"],
            steps.Select(step => step.Action));
        Assert.Equal(steps.OrderBy(step => step.At), steps);
        Assert.Equal("monitoring", steps[4].Source);
        Assert.Equal("registry", steps[5].Source);
    }

    [Fact]
    public void Every_step_links_what_it_names()
    {
        var steps = ModelTimeline.Build("pima", [Audit(1, "challenger_registered", minutes: 1, alert: Alert, report: Report, retrain: Retrain, job: Job, version: 2)], []);

        Assert.Equal(
            ["/monitoring/pima#alerts", $"/monitoring/pima/reports/{Report}", $"/jobs/{Job}", "/models/pima/versions/2"],
            steps.Single().Links.Select(link => link.Href));
        Assert.Equal(["alert", "report", "job", "version"], steps.Single().Links.Select(link => link.Kind));
    }

    [Fact]
    public void A_retrain_request_links_the_job_a_later_step_of_the_same_retrain_names()
    {
        AuditEntry[] audit =
        [
            Audit(1, "retrain_requested", minutes: 1, retrain: Retrain),
            Audit(2, "retrain_failed", minutes: 9, retrain: Retrain, job: Job),
        ];

        var requested = ModelTimeline.Build("pima", audit, [])[0];

        Assert.Contains(requested.Links, link => link.Href == $"/jobs/{Job}");
    }

    [Fact]
    public void Registry_steps_say_what_changed_and_link_both_versions()
    {
        var history = new[]
        {
            DeploymentHistoryTests.Entry(1, "promote", "champion", "1", "2", minutes: 0, reason: "better"),
            DeploymentHistoryTests.Entry(2, "deployment", null, """{"mode":"single","challengerTraffic":0}""", """{"mode":"canary","challengerTraffic":0.1}""", minutes: 1),
        };

        var steps = ModelTimeline.Build("my.model", [], history);

        Assert.Equal("v1 → v2 · better · by key key1", steps[0].Detail);
        Assert.Equal(["/models/my.model/versions/1", "/models/my.model/versions/2"], steps[0].Links.Select(link => link.Href));
        Assert.StartsWith("single → canary 10", steps[1].Detail, StringComparison.Ordinal);
        Assert.Empty(steps[1].Links);
    }

    private static AuditEntry Audit(
        long id, string action, int minutes, Guid? alert = null, Guid? report = null, Guid? retrain = null, Guid? job = null, int? version = null) =>
        new(id, "pima", action, alert, report, retrain, job, version, $"{action} detail", Start.AddMinutes(minutes));
}