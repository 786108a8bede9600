namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// Which columns of a prediction block to decode besides its outputs (served time, route, latency, label, value,
/// confidence, error), which are always read: a consumer decodes only what it uses.
/// </summary>
[Flags]
public enum BlockParts
{
    Outputs = 0,
    Ids = 1,
    Probabilities = 2,
    Inputs = 4,
    All = Ids | Probabilities | Inputs,
}