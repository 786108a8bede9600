using MlOps.Monitoring.Service.Checks;
using MlOps.Monitoring.Service.Health;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Policies;
using MlOps.Monitoring.Service.Profiles;

using Xunit;

namespace MlOps.ComponentTests.Monitoring;

public sealed class HealthAndRuleTests
{
    private static readonly DeployedModel Deployed = new("t", "m", 1, null, "single");

    [Theory]
    [InlineData(0.5, 0.0, 0, "healthy")]
    [InlineData(0.5, 0.0, 2, "degraded")]
    [InlineData(400.0, 0.0, 0, "degraded")]
    [InlineData(3000.0, 0.0, 0, "unhealthy")]
    [InlineData(0.5, 0.02, 0, "degraded")]
    [InlineData(0.5, 0.2, 0, "unhealthy")]
    public void A_model_is_as_healthy_as_its_latency_errors_and_alerts_allow(double latencyMs, double errorRate, int openAlerts, string status)
    {
        var latency = new Dictionary<short, long> { [LatencyBins.BinOf(latencyMs)] = 600 };

        var health = ModelHealth.Assess(Deployed, latency, errorRate, openAlerts, TimeSpan.FromMinutes(1));

        Assert.Equal(status, health.Status);
        Assert.Equal(10, health.PredictionsPerSecond);
        Assert.NotEmpty(health.Reason);
    }

    [Fact]
    public void A_model_without_a_champion_is_unhealthy()
    {
        var health = ModelHealth.Assess(Deployed with { ChampionVersion = null }, new Dictionary<short, long>(), null, 0, TimeSpan.FromMinutes(1));

        Assert.Equal("unhealthy", health.Status);
        Assert.Null(health.P95LatencyMs);
    }

    [Fact]
    public void Rules_measure_their_metric_on_the_report()
    {
        var report = Report(concept: new ConceptDrift("accuracy", 0.9, 0.7, 0.2, PValue: 0.001, 0.1, 500, Drifted: true, InsufficientData: false));
        AlertRule[] rules =
        [
            new("psi", "age", ">=", 0.2, "notify"),
            new("psi", null, ">=", 0.3, "notify"),
            new("drift_share", null, ">=", 0.5, "retrain"),
            new("accuracy_drop", null, ">", 0.1, "retrain"),
            new("p95_latency", null, ">", 5, "notify"),
            new("error_rate", null, ">", 0.01, "notify"),
        ];

        var outcomes = RuleEvaluation.Evaluate(rules, report, errorRate: 0.02);

        Assert.Equal([0.25, 0.4, 0.5, 0.2, 8, 0.02], outcomes.Select(outcome => outcome.Value!.Value));
        Assert.Equal([true, true, true, true, true, true], outcomes.Select(outcome => outcome.Broken));
        Assert.Null(RuleEvaluation.Evaluate([rules[5]], report, errorRate: null).Single().Value);
    }

    [Fact]
    public void A_fall_in_accuracy_that_chance_explains_breaks_no_rule()
    {
        var report = Report(concept: new ConceptDrift("accuracy", 0.9, 0.75, 0.15, PValue: 0.2, 0.1, 20, Drifted: false, InsufficientData: false));

        var outcome = RuleEvaluation.Evaluate([new AlertRule("accuracy_drop", null, ">=", 0.1, "retrain")], report, null).Single();

        Assert.Equal(0.15, outcome.Value);
        Assert.False(outcome.Broken);
    }

    private static DriftReport Report(ConceptDrift concept) => new(
        Guid.NewGuid(), "m", 1, "manual", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), DateTimeOffset.UnixEpoch, 1000, 1000,
        new DatasetVerdict(true, false, 1, 2, 0.5, 0.5, []),
        [Feature("age", 0.25), Feature("plan", 0.4)], null, concept, new LatencySummary(1, 8, 12));

    private static SeriesDrift Feature(string name, double psi) =>
        new(name, "numeric", "ks", 0.1, 0.01, 0.05, true, false, psi, false, [0, 1], null, [10], [10], 0, 0);
}