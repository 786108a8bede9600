namespace MlOps.AppHost;

/// <summary>An operator's action in an incident, offered as a resource command and carried out through the public API.</summary>
/// <param name="Name">The command's name, as tests and the Aspire CLI call it.</param>
/// <param name="TakesReason">Whether the API records a reason with the action (the audit trail's "why").</param>
internal sealed record OperatorCommand(
    string Name, string DisplayName, string Description, string IconName, bool TakesReason,
    Func<OperatorApi, string, string, CancellationToken, Task<OperatorOutcome>> RunAsync)
{
    public static readonly OperatorCommand PromoteChallenger = new(
        "promote-challenger", "Promote challenger", "Make the model's challenger its champion (audited in the registry's history).",
        "ArrowUp", TakesReason: true, (api, model, reason, ct) => api.PromoteChallengerAsync(model, reason, ct));

    public static readonly OperatorCommand Rollback = new(
        "rollback", "Roll back", "Put the model's previous champion back (audited in the registry's history).",
        "ArrowUndo", TakesReason: true, (api, model, reason, ct) => api.RollbackAsync(model, reason, ct));

    public static readonly OperatorCommand DriftCheck = new(
        "drift-check", "Run drift check now", "Compare the model's recent predictions with its training profile now.",
        "DataHistogram", TakesReason: false, (api, model, _, ct) => api.CheckDriftAsync(model, ct));

    public static readonly OperatorCommand Retrain = new(
        "retrain", "Retrain", "Ask training for a new challenger of the model, with the labelled production data.",
        "ArrowSync", TakesReason: true, (api, model, reason, ct) => api.RetrainAsync(model, reason, ct));
}