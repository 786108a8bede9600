using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Xunit;
using Xunit.Abstractions;

namespace MlOps.EndToEndTests.Console;

/// <summary>The console in Debian's Chromium, through the gateway of a system the AppHost started.</summary>
public sealed class ConsoleBrowserTests(ConsoleSystem system, ITestOutputHelper output) : IClassFixture<ConsoleSystem>
{
    [Fact]
    public async Task Every_page_shows_real_data_needs_nothing_from_outside_and_has_no_serious_accessibility_violation()
    {
        await using var admin = await ConsoleSession.SignInAsync(system, system.System.ApiKey);
        var runs = await SearchRunIdsAsync();
        string[] pages =
        [
            "/", "/models", "/models/pima", "/models/pima/versions/1", "/models/pima/timeline",
            "/runs?experiment=pima", $"/runs/{runs[0]}", $"/runs/compare?ids={string.Join(',', runs)}&metric=auc",
            "/training", $"/jobs/{system.SearchJob.GetProperty("id").GetString()}",
            "/datasets", "/datasets/pima", "/datasets/pima/versions/1",
            "/monitoring", "/monitoring/pima", $"/monitoring/pima/reports/{system.DriftReportId}",
            "/predictions?model=pima", "/keys",
        ];

        var report = new StringBuilder("| page | server ms |\n|---|---|\n");
        var problems = new List<string>();
        foreach (var page in pages)
        {
            var milliseconds = await admin.OpenAsync(page);
            report.Append(CultureInfo.InvariantCulture, $"| `{page}` | {milliseconds:F1} |\n");
            foreach (var shown in await admin.Page.Locator(".problem").AllInnerTextsAsync())
            {
                problems.Add($"{page} shows a problem: {shown}");
            }

            problems.AddRange((await admin.SeriousAccessibilityViolationsAsync()).Select(violation => $"{page}: {violation}"));
            await admin.ScreenshotAsync(ScreenshotName(page));
        }

        await admin.Page.GotoAsync("/docs/");
        await admin.Page.GetByText("Prediction statistics").First.WaitForAsync(new() { Timeout = 20_000 });
        await admin.ScreenshotAsync("docs");

        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(ConsoleSession.ResultsFolder, "page-times.md"), report.ToString());
        await admin.OpenAsync("/");
        Assert.Equal(1, await admin.Page.Locator("[data-model=pima]").CountAsync());
        // The stylesheet arrived and applies (the header's background is set only there).
        Assert.NotEqual("rgba(0, 0, 0, 0)", await admin.Page.Locator("header.top").EvaluateAsync<string>("header => getComputedStyle(header).backgroundColor"));
        Assert.Empty(problems);
        Assert.Empty(admin.BlockedRequests);
    }

    [Fact]
    public async Task Promoting_the_challenger_on_the_models_page_swaps_the_versions_on_the_overview_and_lands_in_the_audit_timeline()
    {
        using var api = system.System.CreateClient();
        var champion = await ChampionAsync(api);
        var challenger = champion == 1 ? 2 : 1;
        using (var set = await api.PutAsJsonAsync("/api/registry/models/pima/aliases/challenger", new { version = challenger }))
        {
            Assert.True(set.IsSuccessStatusCode);
        }

        await using var admin = await ConsoleSession.SignInAsync(system, system.System.ApiKey);
        await admin.OpenAsync("/models/pima");
        var promote = admin.Page.Locator("[data-action=promote] details");
        await promote.Locator("summary").ClickAsync();
        await promote.Locator("input[name=reason]").FillAsync("challenger wins the comparison");
        await promote.Locator("button[type=submit]").ClickAsync();
        await admin.Page.WaitForLoadStateAsync();

        Assert.Equal(1, await admin.Page.Locator(".done").CountAsync());
        Assert.Equal(challenger, await ChampionAsync(api));
        // The overview reads Monitoring's view of the deployment, which follows the registry's event a moment later.
        var shown = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(30); shown != $"v{challenger}" && DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            await admin.OpenAsync("/");
            shown = (await admin.Page.Locator("[data-model=pima] [data-field=champion]").InnerTextAsync()).Trim();
        }

        Assert.Equal($"v{challenger}", shown);
        await admin.OpenAsync("/models/pima");
        Assert.Contains("challenger wins the comparison", await admin.Page.Locator("table[data-table=history]").InnerTextAsync());
        Assert.Empty(admin.BlockedRequests);
    }

    [Fact]
    public async Task A_drift_report_overlays_live_on_reference_for_every_feature_over_the_same_bins()
    {
        using var api = system.System.CreateClient();
        var report = await api.GetFromJsonAsync<JsonElement>($"/api/monitoring/models/pima/drift-checks/{system.DriftReportId}");
        await using var admin = await ConsoleSession.SignInAsync(system, system.System.ApiKey);

        await admin.OpenAsync($"/monitoring/pima/reports/{system.DriftReportId}");

        var features = report.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(system.FeatureNames.Order(), features.Select(feature => feature.GetProperty("name").GetString()!).Order());
        foreach (var feature in features)
        {
            var name = feature.GetProperty("name").GetString();
            var bins = feature.GetProperty("reference").GetArrayLength();
            var figure = admin.Page.Locator($"figure[data-feature='{name}']");
            Assert.Equal(1, await figure.CountAsync());
            var series = await figure.Locator("rect.bar").EvaluateAllAsync<string[]>("bars => bars.map(bar => bar.dataset.series)");
            Assert.Equal(2, series.Distinct().Count());
            Assert.All(series.GroupBy(s => s), group => Assert.Equal(bins, group.Count()));
        }
    }

    [Fact]
    public async Task Comparing_three_runs_draws_one_line_per_run()
    {
        var runs = await SearchRunIdsAsync();
        await using var admin = await ConsoleSession.SignInAsync(system, system.System.ApiKey);

        await admin.OpenAsync($"/runs/compare?ids={string.Join(',', runs)}&metric=auc");

        Assert.Equal(3, runs.Length);
        var history = admin.Page.Locator("figure[data-chart=line]").First;
        Assert.Equal(3, await history.Locator("g.series").CountAsync());
        foreach (var run in runs)
        {
            Assert.Equal(1, await admin.Page.Locator($"[data-run='{run}']").First.CountAsync());
        }
    }

    [Fact]
    public async Task A_reader_sees_no_promote_action_and_a_promotion_sent_with_its_key_is_refused()
    {
        using var api = system.System.CreateClient();
        var champion = await ChampionAsync(api);
        await using var reader = await ConsoleSession.SignInAsync(system, system.ReaderKey);

        await reader.OpenAsync("/models/pima");
        var promoteForms = await reader.Page.Locator("[data-action], form[action^='/actions/']").CountAsync();
        var token = await reader.Page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var forged = await reader.Page.APIRequest.PostAsync("/actions/models/pima/promote", new()
        {
            Form = reader.Page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("version", "2").Set("reason", "forged").Set("returnUrl", "/models/pima"),
            MaxRedirects = 0,
        });
        using var direct = new HttpClient { BaseAddress = system.System.GatewayUrl };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.ReaderKey);
        using var refused = await direct.PostAsJsonAsync("/api/registry/models/pima/promote", new { reason = "forged" });

        Assert.Equal(0, promoteForms);
        Assert.Contains("error=", forged.Headers["location"]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(champion, await ChampionAsync(api));
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_the_first_tenants_models()
    {
        await using var other = await ConsoleSession.SignInAsync(system, system.OtherTenantKey);

        await other.OpenAsync("/");
        var overview = await other.Page.Locator("[data-model]").CountAsync();
        await other.OpenAsync("/models");
        var listed = await other.Page.Locator("main").InnerTextAsync();
        await other.OpenAsync("/models/pima");
        var problem = await other.Page.Locator(".problem").InnerTextAsync();

        Assert.Equal(0, overview);
        Assert.DoesNotContain("pima", listed);
        Assert.Contains("Not found", problem, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string[]> SearchRunIdsAsync()
    {
        using var api = system.System.CreateClient();
        var runs = await TrainingJobs.RunsOfAsync(api, "pima", system.SearchJob);
        return [.. runs.Select(run => run.GetProperty("id").GetString()!).Order()];
    }

    private static async Task<int> ChampionAsync(HttpClient api)
    {
        var model = await api.GetFromJsonAsync<JsonElement>("/api/registry/models/pima");
        return model.GetProperty("aliases").GetProperty("champion").GetInt32();
    }

    private static string ScreenshotName(string page)
    {
        var path = page.Split('?')[0].Trim('/');
        return path.Length == 0 ? "overview" : string.Concat(path.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
    }
}