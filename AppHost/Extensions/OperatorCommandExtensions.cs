using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.AppHost;

internal static class OperatorCommandExtensions
{
    public const string ModelArgument = "model";
    public const string ReasonArgument = "reason";

    /// <summary>
    /// Offers the commands on the resource in the dashboard, which asks for the model (and a reason) before running
    /// one. Each acts through the public API (<see cref="OperatorApi"/>); they are enabled while the resource and the
    /// gateway are healthy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOperatorCommands(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> gateway, AppHostOptions options, params OperatorCommand[] commands)
    {
        var api = new OperatorApi(new Uri($"http://localhost:{options.GatewayPort}"), AdminApiKey.Dashboard(options));
        foreach (OperatorCommand command in commands)
        {
            service.WithCommand(command.Name, command.DisplayName, context => ExecuteAsync(context, command, api), new CommandOptions
            {
                Description = command.Description,
                IconName = command.IconName,
                Arguments = command.TakesReason ? [ModelInput(), ReasonInput()] : [ModelInput()],
                UpdateState = context => IsHealthy(context.ResourceSnapshot) && IsHealthy(GatewaySnapshot(context, gateway))
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });
        }

        return service;
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, OperatorCommand command, OperatorApi api)
    {
        string? model = context.Arguments.GetString(ModelArgument)?.Trim();
        if (string.IsNullOrEmpty(model))
        {
            return CommandResults.Failure("Name the model.");
        }

        string? reason = context.Arguments.ContainsName(ReasonArgument) ? context.Arguments.GetString(ReasonArgument)?.Trim() : null;
        OperatorOutcome outcome = await command.RunAsync(
            api, model, string.IsNullOrEmpty(reason) ? $"{command.DisplayName} from the Aspire dashboard" : reason, context.CancellationToken);
        return outcome.Succeeded ? CommandResults.Success(outcome.Message) : CommandResults.Failure($"{model}: {outcome.Message}");
    }

    private static InteractionInput ModelInput() =>
        new() { Name = ModelArgument, Label = "Model", InputType = InputType.Text, Required = true, MaxLength = 200 };

    private static InteractionInput ReasonInput() =>
        new() { Name = ReasonArgument, Label = "Reason", InputType = InputType.Text, MaxLength = 500 };

    private static CustomResourceSnapshot? GatewaySnapshot(UpdateCommandStateContext context, IResourceBuilder<ProjectResource> gateway)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        return notifications.TryGetCurrentState(gateway.Resource.Name, out ResourceEvent? state) ? state.Snapshot : null;
    }

    private static bool IsHealthy(CustomResourceSnapshot? snapshot) =>
        snapshot is { State.Text: var state, HealthStatus: HealthStatus.Healthy } && state == KnownResourceStates.Running;
}