using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.EndToEndTests;

/// <summary>
/// Serves one model a steady stream of small batches from a <see cref="WorldSimulation"/> and posts the true label
/// of every answer as feedback, until disposed. <see cref="Changed"/> switches the world; failed calls are kept.
/// </summary>
internal sealed class WorldTraffic : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly string _model;
    private readonly WorldSimulation _world;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly List<string> _failures = [];
    private readonly Dictionary<int, int> _answersPerVersion = [];

    public WorldTraffic(HttpClient client, string model, int seed, int rowsPerBatch, TimeSpan interval)
    {
        (_client, _model, _world) = (client, model, new WorldSimulation(seed));
        _running = RunAsync(rowsPerBatch, interval);
    }

    public volatile bool Changed;

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>How many rows each model version answered.</summary>
    public IReadOnlyDictionary<int, int> AnswersPerVersion
    {
        get
        {
            lock (_answersPerVersion)
            {
                return new Dictionary<int, int>(_answersPerVersion);
            }
        }
    }

    private async Task RunAsync(int rowsPerBatch, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        while (await TickAsync(timer))
        {
            var rows = Enumerable.Range(0, rowsPerBatch).Select(_ => _world.Next(Changed)).ToList();
            try
            {
                using var response = await _client.PostAsJsonAsync($"/api/inference/models/{_model}/predict",
                    new JsonObject { ["rows"] = new JsonArray([.. rows.Select(row => row.Features)]) });
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Fail($"predict {(int)response.StatusCode}: {body}");
                    continue;
                }

                var predictions = JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray().ToList();
                lock (_answersPerVersion)
                {
                    foreach (var prediction in predictions)
                    {
                        var version = prediction.GetProperty("modelVersion").GetInt32();
                        _answersPerVersion[version] = _answersPerVersion.GetValueOrDefault(version) + 1;
                    }
                }

                var feedback = predictions.Select((prediction, i) => new { predictionId = prediction.GetProperty("predictionId").GetString(), actual = rows[i].Label });
                using var labelled = await _client.PostAsJsonAsync("/api/telemetry/feedback", feedback);
                if (!labelled.IsSuccessStatusCode)
                {
                    Fail($"feedback {(int)labelled.StatusCode}: {await labelled.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException ex)
            {
                Fail(ex.Message);
            }
        }
    }

    private async Task<bool> TickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Fail(string failure)
    {
        lock (_failures)
        {
            _failures.Add(failure);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}