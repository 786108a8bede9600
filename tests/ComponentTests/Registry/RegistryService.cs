using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

using MlOps.ComponentTests.Infrastructure;
using MlOps.ServiceDefaults.Http;

using Npgsql;

namespace MlOps.ComponentTests.Registry;

/// <summary>Registry.Service in-process on a database of its own, with small package limits for hostile uploads.</summary>
public sealed class RegistryService : IAsyncDisposable
{
    public const int MaxPackageBytes = 200_000;
    public const int MaxInflatedBytes = 100_000;

    private readonly ServiceFactory<MlOps.Registry.Service.Program> _factory;

    public RegistryService(PlatformServers servers, int maxPackageBytes = MaxPackageBytes, int maxInflatedBytes = MaxInflatedBytes)
    {
        DatabaseConnectionString = servers.NewDatabase("registry");
        _factory = new ServiceFactory<MlOps.Registry.Service.Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:registrydb"] = DatabaseConnectionString,
            ["ConnectionStrings:messaging"] = servers.RabbitMq.ConnectionString,
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Registry:MaxPackageBytes"] = maxPackageBytes.ToString(CultureInfo.InvariantCulture),
            ["Registry:PackageLimits:MaxTotalBytes"] = maxInflatedBytes.ToString(CultureInfo.InvariantCulture),
        });
    }

    public string DatabaseConnectionString { get; }

    /// <summary>Serves on a loopback port too, for services that call the registry over HTTP; returns its address.</summary>
    public Uri ListenOnLoopback() => _factory.ListenOnLoopback();

    /// <summary>A client as the gateway forwards it: the tenant and the id of the caller's key.</summary>
    public HttpClient CreateClient(string tenant = "acme", string keyId = "key-ci")
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add(MlOpsHeaders.Tenant, tenant);
        client.DefaultRequestHeaders.Add(MlOpsHeaders.KeyId, keyId);
        return client;
    }

    public Task<long> CountAsync(string table) => Sql.ScalarAsync(DatabaseConnectionString, $"SELECT count(*) FROM {table}");

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Sql.OpenAsync(DatabaseConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static Task<HttpResponseMessage> UploadAsync(
        HttpClient client, string model, byte[] package, string? description = null, string mediaType = "application/zip")
    {
        var content = new ByteArrayContent(package);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var query = description is null ? "" : $"?description={Uri.EscapeDataString(description)}";
        return client.PostAsync($"/api/registry/models/{model}/versions{query}", content);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}