using System.Threading.Channels;

using Microsoft.Extensions.Options;

using MlOps.Inference.Service.Infrastructure;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Keeps the served models equal to the registry's deployments. At start it loads every tenant's deployments and
/// only then reports ready; afterwards it reloads a model when its deployment changed, and compares everything with
/// the registry now and then in case a change event was missed. New versions load in the background and replace the
/// old ones in one swap; a version that fails to load leaves the old one serving and is reported in the model's status.
/// </summary>
public sealed class ModelSynchronizer(
    RegistryClient registry, ModelCatalog catalog, ModelLoader loader, IOptions<InferenceOptions> options, ILogger<ModelSynchronizer> logger)
    : BackgroundService
{
    private readonly Channel<ModelKey> _changed = Channel.CreateUnbounded<ModelKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly InferenceOptions _options = options.Value;
    private volatile bool _ready;

    /// <summary>Whether the deployments found at start were all loaded (or found unloadable).</summary>
    public bool Ready => _ready;

    /// <summary>Asks for the model's deployment to be read from the registry again and loaded.</summary>
    public void Changed(ModelKey key) => _changed.Writer.TryWrite(key);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!await TrySyncAllAsync(stoppingToken))
        {
            await Task.Delay(_options.RetryInterval, stoppingToken);
        }

        _ready = true;
        logger.LogInformation("Loaded the deployments of {Count} models", catalog.Keys.Count);

        var nextSync = DateTime.UtcNow + _options.ResyncInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(Max(nextSync - DateTime.UtcNow, TimeSpan.Zero));
            ModelKey key;
            try
            {
                key = await _changed.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                await TrySyncAllAsync(stoppingToken);
                nextSync = DateTime.UtcNow + _options.ResyncInterval;
                continue;
            }

            await SyncAsync(key, stoppingToken);
        }
    }

    /// <summary>Serves every deployment the registry lists; false when the registry could not be reached for some.</summary>
    private async Task<bool> TrySyncAllAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RegistryDeployment> deployments;
        try
        {
            deployments = await registry.ListDeploymentsAsync(null, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not list the deployments in the registry: {Error}", ex.Message);
            return false;
        }

        var listed = deployments.Select(deployment => new ModelKey(deployment.Tenant, deployment.Model)).ToHashSet();
        foreach (var key in catalog.Keys.Where(key => !listed.Contains(key)))
        {
            Stop(key);
        }

        var complete = true;
        foreach (var deployment in deployments)
        {
            complete &= await ApplyAsync(deployment, cancellationToken);
        }

        return complete;
    }

    private async Task SyncAsync(ModelKey key, CancellationToken cancellationToken)
    {
        IReadOnlyList<RegistryDeployment> deployments;
        try
        {
            deployments = await registry.ListDeploymentsAsync(key, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not read the deployment of {Tenant}/{Model} from the registry: {Error}", key.Tenant, key.Name, ex.Message);
            catalog.Find(key)?.Loading($"The registry could not be reached: {ex.Message}");
            _ = RetryLaterAsync(key, cancellationToken);
            return;
        }

        if (deployments.Count == 0)
        {
            Stop(key);
        }
        else if (!await ApplyAsync(deployments[0], cancellationToken))
        {
            _ = RetryLaterAsync(key, cancellationToken);
        }
    }

    /// <summary>Serves the deployment; false when the registry could not be reached and it should be tried again.</summary>
    private async Task<bool> ApplyAsync(RegistryDeployment deployment, CancellationToken cancellationToken)
    {
        var key = new ModelKey(deployment.Tenant, deployment.Model);
        var served = catalog.GetOrAdd(key);
        var state = served.State;
        if (state is not null && Holds(state.Champion, deployment.ChampionVersion, deployment.ChampionSha256)
            && (deployment.ChallengerVersion is { } wanted ? Holds(state.Challenger, wanted, deployment.ChallengerSha256) : state.Challenger is null))
        {
            if (state.Mode != deployment.Mode || state.ChallengerTraffic != deployment.ChallengerTraffic || served.Status != ModelStatus.Loaded)
            {
                served.Serve(state with { Mode = deployment.Mode, ChallengerTraffic = deployment.ChallengerTraffic });
                logger.LogInformation("{Tenant}/{Model} now splits traffic {Mode} with {Traffic} to the challenger",
                    key.Tenant, key.Name, deployment.Mode, deployment.ChallengerTraffic);
            }

            return true;
        }

        if (served.FailedDeployment == deployment)
        {
            return true;
        }

        served.Loading();
        try
        {
            var champion = Reuse(state, deployment.ChampionVersion, deployment.ChampionSha256)
                ?? await loader.LoadAsync(key, deployment.ChampionVersion, deployment.ChampionSha256, cancellationToken);
            var challenger = deployment.ChallengerVersion is { } version
                ? Reuse(state, version, deployment.ChallengerSha256) ?? await loader.LoadAsync(key, version, deployment.ChallengerSha256!, cancellationToken)
                : null;
            served.Serve(new ServingState(champion, challenger, deployment.Mode, deployment.ChallengerTraffic));
            logger.LogInformation("{Tenant}/{Model} serves champion v{Champion} and challenger v{Challenger} ({Mode}, {Traffic} to the challenger)",
                key.Tenant, key.Name, champion.Version, challenger?.Version, deployment.Mode, deployment.ChallengerTraffic);
            return true;
        }
        catch (ModelLoadException ex)
        {
            served.Failed(deployment, ex.Message);
            InferenceMetrics.ModelLoadFailed(key);
            logger.LogError(ex, "{Tenant}/{Model} could not load its deployment; it keeps serving {Serving}",
                key.Tenant, key.Name, state is null ? "nothing" : $"champion v{state.Champion.Version}");
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            served.Loading($"The registry could not be reached: {ex.Message}");
            logger.LogWarning("{Tenant}/{Model} could not be downloaded from the registry: {Error}", key.Tenant, key.Name, ex.Message);
            return false;
        }
    }

    private void Stop(ModelKey key)
    {
        if (catalog.Remove(key))
        {
            logger.LogInformation("{Tenant}/{Model} has no champion any more and is no longer served", key.Tenant, key.Name);
        }
    }

    private async Task RetryLaterAsync(ModelKey key, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_options.RetryInterval, cancellationToken);
            Changed(key);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool Holds(LoadedModel? model, int version, string? sha256) => model is not null && model.Version == version && model.Sha256 == sha256;

    private static LoadedModel? Reuse(ServingState? state, int version, string? sha256) =>
        Holds(state?.Champion, version, sha256) ? state!.Champion
        : Holds(state?.Challenger, version, sha256) ? state!.Challenger
        : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}