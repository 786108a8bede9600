namespace MlOps.AppHost;

/// <summary>An operator's action in an incident, offered as a resource command and carried out through the public API.</summary>
/// <param name="Name">The command's name, as tests and the Aspire CLI call it.</param>
/// <param name="Path">The API path, under the gateway, for the model named <c>{0}</c>.</param>
internal sealed record OperatorCommand(string Name, string DisplayName, string Description, string IconName, string Path, string Done)
{
    public static readonly OperatorCommand PromoteChallenger = new(
        "promote-challenger", "Promote challenger", "Make the model's challenger its champion (audited in the registry's history).",
        "ArrowUp", "/api/registry/models/{0}/promote", "promoted the challenger");

    public static readonly OperatorCommand Rollback = new(
        "rollback", "Roll back", "Put the model's previous champion back (audited in the registry's history).",
        "ArrowUndo", "/api/registry/models/{0}/rollback", "rolled back");

    public static readonly OperatorCommand DriftCheck = new(
        "drift-check", "Run drift check now", "Compare the model's recent predictions with its training profile now.",
        "DataHistogram", "/api/monitoring/models/{0}/drift-checks", "ran a drift check");

    public static readonly OperatorCommand Retrain = new(
        "retrain", "Retrain", "Ask training for a new challenger of the model, with the labelled production data.",
        "ArrowSync", "/api/monitoring/models/{0}/retrains", "asked for a retrain");
}
