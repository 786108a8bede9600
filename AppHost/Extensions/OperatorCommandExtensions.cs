using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.AppHost;

internal static class OperatorCommandExtensions
{
    public const string ModelArgument = "model";
    public const string ReasonArgument = "reason";

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>
    /// Offers the commands on the resource in the dashboard. Each asks for the model (and a reason) and calls the public
    /// API through the gateway with the dashboard's own key, so it is authorised and audited like any other caller.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOperatorCommands(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> gateway, AppHostOptions options, params OperatorCommand[] commands)
    {
        var gatewayUrl = new Uri($"http://localhost:{options.GatewayPort}");
        string key = AdminApiKey.Dashboard(options);
        foreach (OperatorCommand command in commands)
        {
            service.WithCommand(command.Name, command.DisplayName, context => ExecuteAsync(context, command, gatewayUrl, key), new CommandOptions
            {
                Description = command.Description,
                IconName = command.IconName,
                Arguments =
                [
                    new InteractionInput { Name = ModelArgument, Label = "Model", InputType = InputType.Text, Required = true, MaxLength = 200 },
                    new InteractionInput { Name = ReasonArgument, Label = "Reason", InputType = InputType.Text, MaxLength = 500 },
                ],
                UpdateState = context => IsHealthy(context.ResourceSnapshot) && IsHealthy(GatewaySnapshot(context, gateway))
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });
        }

        return service;
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, OperatorCommand command, Uri gatewayUrl, string key)
    {
        string? model = context.Arguments.GetString(ModelArgument)?.Trim();
        if (string.IsNullOrEmpty(model))
        {
            return CommandResults.Failure("Name the model.");
        }

        string? reason = context.Arguments.GetString(ReasonArgument)?.Trim();
        var uri = new Uri(gatewayUrl, string.Format(CultureInfo.InvariantCulture, command.Path, Uri.EscapeDataString(model)));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new { reason = string.IsNullOrEmpty(reason) ? $"{command.DisplayName} from the Aspire dashboard" : reason }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage response = await s_http.SendAsync(request, context.CancellationToken);
        string body = await response.Content.ReadAsStringAsync(context.CancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return CommandResults.Success($"{model}: {command.Done}.");
        }

        return CommandResults.Failure($"{model}: {(int)response.StatusCode} {Problem(body) ?? response.ReasonPhrase}");
    }

    private static string? Problem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            string? title = root.TryGetProperty("title", out JsonElement t) ? t.GetString() : null;
            string? detail = root.TryGetProperty("detail", out JsonElement d) ? d.GetString() : null;
            return detail is null ? title : $"{title}: {detail}";
        }
        catch (JsonException)
        {
            return body.Length == 0 ? null : body;
        }
    }

    private static CustomResourceSnapshot? GatewaySnapshot(UpdateCommandStateContext context, IResourceBuilder<ProjectResource> gateway)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        return notifications.TryGetCurrentState(gateway.Resource.Name, out ResourceEvent? state) ? state.Snapshot : null;
    }

    private static bool IsHealthy(CustomResourceSnapshot? snapshot) =>
        snapshot is { State.Text: var state, HealthStatus: HealthStatus.Healthy }
        && state == KnownResourceStates.Running;
}
