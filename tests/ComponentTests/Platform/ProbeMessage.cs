namespace MlOps.ComponentTests.Platform;

public sealed record ProbeMessage(Guid ProbeId, string Text);