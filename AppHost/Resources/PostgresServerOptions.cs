namespace MlOps.AppHost.Resources;

/// <param name="DataDirectory">The server's own folder: its cluster, password file and server log live there.</param>
public sealed record PostgresServerOptions(string DataDirectory)
{
    /// <summary>The TCP port on 127.0.0.1; a free one when not set.</summary>
    public int? Port { get; init; }

    /// <summary>False turns fsync, synchronous commit and full page writes off: only for throwaway test clusters.</summary>
    public bool Durable { get; init; } = true;
}