namespace MlOps.Inference.Service.Serving;

/// <summary>A registered model of one tenant.</summary>
public readonly record struct ModelKey(string Tenant, string Name);