namespace MlOps.ServiceDefaults.Http;

/// <summary>The correlation id of the request being handled, flowing with the async context.</summary>
public static class CorrelationId
{
    private static readonly AsyncLocal<string?> CurrentValue = new();

    public static string? Current
    {
        get => CurrentValue.Value;
        internal set => CurrentValue.Value = value;
    }

    /// <summary>Accepts a caller's id when it is short and printable, so it cannot forge log lines.</summary>
    internal static bool IsAcceptable(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 128 && value.All(c => c is > ' ' and <= '~');

    internal static string New() => Guid.CreateVersion7().ToString("N");
}