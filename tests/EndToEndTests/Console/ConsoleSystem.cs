using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.Playwright;

using MlOps.AppHost.Resources;
using MlOps.SystemHarness;

using Xunit;

namespace MlOps.EndToEndTests.Console;

/// <summary>
/// The system through the AppHost with data an operator would have: the dataset pima, a search job of three runs and
/// a second job (versions 1 and 2), version 1 champion and 2 challenger, served predictions on shifted inputs with
/// feedback, one drift report; a reader key and a key of another tenant; and Debian's Chromium, driven by Playwright.
/// </summary>
public sealed class ConsoleSystem : IAsyncLifetime
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("mlops-console-").FullName;
    private AspireSystem? _system;
    private IPlaywright? _playwright;

    public AspireSystem System => _system ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser { get; private set; } = null!;

    public string ReaderKey { get; private set; } = "";

    public string OtherTenantKey { get; private set; } = "";

    public JsonElement SearchJob { get; private set; }

    public Guid DriftReportId { get; private set; }

    public IReadOnlyList<string> FeatureNames { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Prerequisites.EnsureBrowserInstalledAsync(_ => { });
        _system = await AspireSystem.StartAsync(
            Path.Combine(_root, "system"), FreePort.Next(), "mlops_console_" + Guid.NewGuid().ToString("N"));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await _system.Notifications.WaitForResourceHealthyAsync("console", timeout.Token);
        }

        using var admin = _system.CreateClient();
        await SeedAsync(admin);
        ReaderKey = await CreateKeyAsync(admin, "default", "reader");
        OtherTenantKey = await CreateKeyAsync(admin, "globex", "admin");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Prerequisites.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private async Task SeedAsync(HttpClient admin)
    {
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "pima-diabetes.csv"));
        using var upload = new ByteArrayContent(csv);
        upload.Headers.ContentType = new("text/csv");
        using var uploaded = await admin.PostAsync("/api/training/datasets/pima?label=diabetes", upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);

        SearchJob = await TrainingJobs.TrainAsync(admin, new
        {
            model = "pima",
            dataset = new { name = "pima" },
            trainers = new[] { "FastTree", "LightGbm" },
            search = new { strategy = "random", trials = 3 },
            folds = 2,
        }, JobTimeout);
        Assert.True(SearchJob.GetProperty("status").GetString() == "succeeded", SearchJob.ToString());
        await TrainingJobs.TrainPimaAsync(admin, "FastForest", JobTimeout);
        await SendAsync(admin, HttpMethod.Post, "/api/registry/models/pima/promote", new { version = 1, reason = "first champion" });
        await SendAsync(admin, HttpMethod.Put, "/api/registry/models/pima/aliases/challenger", new { version = 2 });

        var rows = await PimaRows.ReadAsync();
        FeatureNames = [.. rows[0].Select(feature => feature.Key)];
        await WaitUntilServedAsync(admin, rows[0]);
        for (var i = 0; i < 240; i++)
        {
            var row = rows[i % rows.Count].DeepClone().AsObject();
            row["glucose"] = row["glucose"]!.GetValue<double>() * 1.5;
            using var predicted = await admin.PostAsJsonAsync("/api/inference/models/pima/predict", new { rows = new[] { row } });
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
            if (i % 3 == 0)
            {
                var id = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0].GetProperty("predictionId").GetString();
                await SendAsync(admin, HttpMethod.Post, "/api/telemetry/feedback", new { predictionId = id, actual = i % 2 == 0 ? "pos" : "neg" });
            }
        }

        DriftReportId = await WaitForDriftReportAsync(admin);
    }

    /// <summary>Inference serves a model once the promotion's event reached it and the version is loaded.</summary>
    private static async Task WaitUntilServedAsync(HttpClient admin, JsonObject row)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var predicted = await admin.PostAsJsonAsync("/api/inference/models/pima/predict", new { rows = new[] { row } });
            if (predicted.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable) || DateTime.UtcNow > deadline)
            {
                Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
                return;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A drift check once the log holds the predictions (they reach it asynchronously).</summary>
    private static async Task<Guid> WaitForDriftReportAsync(HttpClient admin)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var checkedNow = await admin.PostAsJsonAsync("/api/monitoring/models/pima/drift-checks", new { });
            Assert.Equal(HttpStatusCode.Created, checkedNow.StatusCode);
            var report = await checkedNow.Content.ReadFromJsonAsync<JsonElement>();
            if (report.GetProperty("rows").GetInt64() >= 200 || DateTime.UtcNow > deadline)
            {
                return report.GetProperty("id").GetGuid();
            }

            await Task.Delay(1000);
        }
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string tenant, string role)
    {
        using var created = await admin.PostAsJsonAsync("/api/keys", new { tenant, role, name = $"{role} of {tenant}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static async Task SendAsync(HttpClient admin, HttpMethod method, string path, object body)
    {
        using var response = await admin.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}