namespace MlOps.Registry.Service.Deployments;

/// <summary>The deployment after a change was made (or found already made), or why it was refused.</summary>
public sealed record DeploymentOutcome(Deployment? Deployment, DeploymentRefusal? Refusal);