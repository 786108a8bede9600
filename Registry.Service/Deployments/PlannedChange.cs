using System.Text.Json.Nodes;

namespace MlOps.Registry.Service.Deployments;

/// <summary>A change to make to a deployment, with what the audit entry records as its from and to.</summary>
public sealed record PlannedChange(string Action, string? Alias, JsonNode? From, JsonNode? To, DeploymentState State);

/// <summary>A planner's answer: a change, a refusal, or neither when the request asks for what already holds.</summary>
public sealed record PlanResult(PlannedChange? Change, DeploymentRefusal? Refusal)
{
    public static PlanResult Unchanged { get; } = new(null, null);

    public static PlanResult Refused(DeploymentRefusal refusal) => new(null, refusal);

    public static PlanResult Changed(PlannedChange change) => new(change, null);
}