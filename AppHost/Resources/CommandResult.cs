namespace MlOps.AppHost.Resources;

/// <summary>How a command that ran to completion ended, with its stdout and stderr interleaved.</summary>
public sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public CommandResult ThrowIfFailed(string what)
    {
        return Succeeded
            ? this
            : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:{Environment.NewLine}{Output}");
    }
}