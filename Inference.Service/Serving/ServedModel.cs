using MlOps.Inference.Service.Infrastructure;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// One tenant's model as this replica serves it. <see cref="State"/> is swapped as a whole when a deployment change
/// has loaded; the versions it replaced are no longer referenced here and are collected once the requests still
/// scoring on them finish.
/// </summary>
public sealed class ServedModel(ModelKey key)
{
    private ServingState? _state;
    private ModelStatus _status = ModelStatus.Loading();
    private long _refusedRequests;

    public ModelKey Key { get; } = key;

    /// <summary>What serves now; null until a first deployment of the model loaded.</summary>
    public ServingState? State => Volatile.Read(ref _state);

    public ModelStatus Status => Volatile.Read(ref _status);

    /// <summary>The deployment that failed to load, so it is not tried again until the registry changes it.</summary>
    public RegistryDeployment? FailedDeployment { get; private set; }

    /// <summary>Predict requests refused unscored because the prediction log was full.</summary>
    public long RefusedRequests => Interlocked.Read(ref _refusedRequests);

    public void Serve(ServingState state)
    {
        Volatile.Write(ref _state, state);
        FailedDeployment = null;
        Volatile.Write(ref _status, ModelStatus.Loaded);
    }

    public void Loading(string? error = null) => Volatile.Write(ref _status, ModelStatus.Loading(error));

    public void Failed(RegistryDeployment deployment, string error)
    {
        FailedDeployment = deployment;
        Volatile.Write(ref _status, ModelStatus.Failed(error));
    }

    public void CountRefusedRequest() => Interlocked.Increment(ref _refusedRequests);
}