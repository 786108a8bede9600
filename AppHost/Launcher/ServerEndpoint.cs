namespace MlOps.AppHost.Launcher;

/// <param name="Display">Shown in the resource table: no credentials.</param>
internal sealed record ServerEndpoint(string Resource, string Host, int Port, string Display);