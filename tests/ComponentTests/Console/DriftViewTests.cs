using MlOps.Console.Api.Monitoring;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class DriftViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Numeric_bins_are_labelled_by_their_edges_one_label_per_bin()
    {
        var labels = DriftBins.Labels(Series(edges: [0, 85.5, 199], categories: null, reference: [3, 1], current: [1, 1]));

        Assert.Equal(["0–85.5", "85.5–199"], labels);
    }

    [Fact]
    public void Categorical_bins_are_the_categories_then_other()
    {
        var labels = DriftBins.Labels(Series(edges: null, categories: ["neg", "pos"], reference: [500, 268, 0], current: [350, 381, 2]));

        Assert.Equal(["neg", "pos", DriftBins.Other], labels);
    }

    [Fact]
    public void Histograms_become_percentages_of_their_own_rows()
    {
        Assert.Equal([25.0, 75.0], DriftBins.Percentages([1, 3]));
        Assert.Equal([0.0, 0.0], DriftBins.Percentages([0, 0]));
    }

    [Fact]
    public void A_verdict_is_too_few_rows_before_drifted()
    {
        Assert.Equal(Verdicts.TooFewRows, Verdicts.Of(new DriftVerdict(true, true, 0, 0, 0, 0.5)));
        Assert.Equal(Verdicts.Drifted, Verdicts.Of(new DriftVerdict(true, false, 5, 8, 0.625, 0.5)));
        Assert.Equal(Verdicts.Passed, Verdicts.Of(Series(null, ["a"], [1], [1])));
    }

    [Fact]
    public void An_alerts_trail_is_its_retrain_then_the_job_and_version_that_retrain_registered()
    {
        var alert = new Alert(Guid.NewGuid(), "pima", new AlertRule("psi", "glucose", ">=", 0.2, "retrain", "psi(glucose) >= 0.2"), "open", 0.38,
            Guid.NewGuid(), Guid.NewGuid(), Start, null);
        var (retrain, job) = (Guid.NewGuid(), Guid.NewGuid());
        var audit = new[]
        {
            Entry(1, "alert_opened", alert.Id),
            Entry(2, "alert_opened", Guid.NewGuid(), retrain: Guid.NewGuid(), job: Guid.NewGuid(), version: 9),
            Entry(3, "retrain_requested", alert.Id, retrain: retrain, version: 1),
            Entry(4, "challenger_registered", alert.Id, retrain: retrain, job: job, version: 2),
        };

        Assert.Equal(new AlertTrail(retrain, job, 2), AlertTrail.Of(alert, audit));
        Assert.Equal(new AlertTrail(null, null, null), AlertTrail.Of(alert, audit.Take(2)));
    }

    [Fact]
    public void Drift_history_plots_judged_reports_oldest_first_and_accuracy_only_where_measured()
    {
        var reports = new[]
        {
            Report(Start.AddHours(2), new DriftVerdict(false, false, 3, 8, 0.375, 0.5), live: 0.57),
            Report(Start, new DriftVerdict(false, true, 0, 0, 0, 0.5), live: null),
            Report(Start.AddHours(1), new DriftVerdict(false, false, 2, 8, 0.25, 0.5), live: null),
        };

        var share = DriftHistory.DriftedShare(reports);
        var accuracy = DriftHistory.Accuracy(reports);

        Assert.Equal([25.0, 37.5], share[0].Points.Select(point => point.Y));
        Assert.Equal([50.0, 50.0], share[1].Points.Select(point => point.Y));
        Assert.Equal([Start.AddHours(1).ToUnixTimeSeconds(), Start.AddHours(2).ToUnixTimeSeconds()], share[0].Points.Select(point => (long)point.X));
        Assert.Equal([0.57], accuracy[0].Points.Select(point => point.Y));
        Assert.Equal([0.77], accuracy[1].Points.Select(point => point.Y));
    }

    private static SeriesDrift Series(double[]? edges, string[]? categories, long[] reference, long[] current) =>
        new("glucose", edges is null ? "categorical" : "numeric", "ks", 0.1, 0.5, 0.05, false, false, 0.01, false, edges, categories, reference, current, 0, 0);

    private static AuditEntry Entry(long id, string action, Guid alert, Guid? retrain = null, Guid? job = null, int? version = null) =>
        new(id, "pima", action, alert, null, retrain, job, version, "", Start.AddMinutes(id));

    private static DriftReport Report(DateTimeOffset at, DriftVerdict verdict, double? live) => new(
        Guid.NewGuid(), "pima", 1, "manual", at.AddHours(-1), at, at, 700, 768, verdict, [], null,
        new ConceptDrift("accuracy", 0.77, live, live is null ? null : 0.77 - live, null, 0.1, live is null ? 0 : 58, false, live is null),
        new LatencySummary(null, null, null));
}