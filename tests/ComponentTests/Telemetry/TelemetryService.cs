using System.Net.Http.Json;

using MassTransit;

using Microsoft.Extensions.DependencyInjection;

using MlOps.ComponentTests.Infrastructure;
using MlOps.Contracts.IntegrationEvents;
using MlOps.ServiceDefaults.Http;

namespace MlOps.ComponentTests.Telemetry;

/// <summary>Telemetry.Service in-process on a database of its own, on the collection's servers.</summary>
public sealed class TelemetryService : IAsyncDisposable
{
    public const int MaxPredictionsPerRequest = 500;
    public const int MaxFeedbackPerRequest = 20;

    private readonly ServiceFactory<MlOps.Telemetry.Service.Program> _factory;

    private TelemetryService(PlatformServers servers, string messagingConnectionString)
    {
        DatabaseConnectionString = servers.NewDatabase("telemetry");
        MessagingConnectionString = messagingConnectionString;
        _factory = new ServiceFactory<MlOps.Telemetry.Service.Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:telemetrydb"] = DatabaseConnectionString,
            ["ConnectionStrings:messaging"] = messagingConnectionString,
            ["EventStreams:MaxEventsPerRequest"] = "50",
            ["Predictions:MaxPredictionsPerRequest"] = MaxPredictionsPerRequest.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Predictions:MaxFeedbackPerRequest"] = MaxFeedbackPerRequest.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Outbox:PollInterval"] = "00:00:00.100",
        });
    }

    public string DatabaseConnectionString { get; }

    /// <summary>The broker's virtual host this service alone uses.</summary>
    public string MessagingConnectionString { get; }

    /// <summary>
    /// A service on a virtual host of its own: the bus of an earlier test's host that is still stopping cannot take
    /// the messages meant for this one off a shared queue.
    /// </summary>
    public static async Task<TelemetryService> CreateAsync(PlatformServers servers) =>
        new(servers, await servers.RabbitMq.AddVirtualHostAsync($"telemetry-{Guid.NewGuid():N}"));

    public IBus Bus => _factory.Services.GetRequiredService<IBus>();

    public Uri ListenOnLoopback() => _factory.ListenOnLoopback();

    public HttpClient CreateClient(string? tenant = null)
    {
        var client = _factory.CreateClient();
        if (tenant is not null)
        {
            client.DefaultRequestHeaders.Add(MlOpsHeaders.Tenant, tenant);
        }

        return client;
    }

    /// <summary>Waits until the service's bus is started and its consumers listen, so nothing published is missed.</summary>
    public Task ConsumingAsync()
    {
        var bus = _factory.Services.GetRequiredService<IBusControl>();
        return Eventually.HoldsAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), "the bus consuming");
    }

    /// <summary>Publishes a batch as Inference does, through the broker, with the message id given.</summary>
    public Task PublishAsync(IReadOnlyList<LoggedPrediction> predictions, Guid messageId) =>
        Bus.Publish(PredictionsLogged.Of(predictions), context => context.MessageId = messageId);

    /// <summary>How many predictions the tenant's stored blocks hold.</summary>
    public Task<long> StoredCountAsync(string tenant) =>
        ScalarAsync("SELECT coalesce(sum(row_count), 0)::bigint FROM prediction_blocks WHERE tenant = $1", tenant);

    /// <summary>Every prediction the tenant's blocks hold, decoded, with its ground truth when joined.</summary>
    public async Task<List<StoredPrediction>> StoredAsync(string tenant)
    {
        var actuals = (await RowsAsync("SELECT prediction_id, actual FROM prediction_labels WHERE tenant = $1 AND block_id IS NOT NULL", tenant))
            .ToDictionary(row => (Guid)row[0]!, row => (string)row[1]!);
        var stored = new List<StoredPrediction>();
        foreach (var row in await RowsAsync("SELECT data FROM prediction_blocks WHERE tenant = $1 ORDER BY block_id", tenant))
        {
            var block = PredictionBlock.Read((byte[])row[0]!);
            var logged = block.ToRows();
            for (var i = 0; i < block.Count; i++)
            {
                stored.Add(new StoredPrediction(logged[i], block.Confidences[i], block.Errors[i], actuals.GetValueOrDefault(logged[i].PredictionId)));
            }
        }

        return stored;
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(DatabaseConnectionString, sql, parameters);

    /// <summary>The rows <paramref name="sql"/> returns, each as its columns' values.</summary>
    public Task<List<object?[]>> RowsAsync(string sql, params object[] parameters) => Sql.RowsAsync(DatabaseConnectionString, sql, parameters);

    public static Task<HttpResponseMessage> PostPredictionsAsync(HttpClient client, IEnumerable<object> rows) =>
        client.PostAsJsonAsync("/api/telemetry/predictions", rows);

    public static Task<HttpResponseMessage> PostFeedbackAsync(HttpClient client, object feedback) =>
        client.PostAsJsonAsync("/api/telemetry/feedback", feedback);

    public async ValueTask DisposeAsync()
    {
        await BusStart.CompletedAsync(_factory.Services);
        await _factory.DisposeAsync();
    }
}

/// <summary>A prediction as the log stores it.</summary>
public sealed record StoredPrediction(LoggedPrediction Row, double? Confidence, string? Error, string? Actual);