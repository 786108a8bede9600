namespace MlOps.Console.Extensions;

public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>Where the Data Protection keys that protect the sign-in cookie are kept; unset: in memory.</summary>
    public string? KeysFolder { get; set; }
}