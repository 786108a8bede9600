namespace MlOps.AppHost.Launcher;

internal enum ResourceState
{
    Starting,
    Healthy,
    Unhealthy,
    Exited,
    Stopped,
}