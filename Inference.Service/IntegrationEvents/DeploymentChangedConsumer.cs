using MassTransit;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// Hands a model's deployment change to the synchronizer, which reads the deployment from the registry and loads it
/// in the background. Reading it again (rather than trusting the event) makes duplicates and reordering harmless.
/// </summary>
public sealed class DeploymentChangedConsumer(ModelSynchronizer synchronizer) : IConsumer<DeploymentChanged>
{
    public Task Consume(ConsumeContext<DeploymentChanged> context)
    {
        synchronizer.Changed(new ModelKey(context.Message.Tenant, context.Message.Model));
        return Task.CompletedTask;
    }
}