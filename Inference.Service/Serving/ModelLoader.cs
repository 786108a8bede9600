using Microsoft.Extensions.Options;
using Microsoft.ML;

using MlOps.Contracts.ModelPackages;
using MlOps.Inference.Service.Infrastructure;

namespace MlOps.Inference.Service.Serving;

/// <summary>Downloads a version's package from the registry, verifies it, reads it and loads its ML.NET model.</summary>
public sealed class ModelLoader(RegistryClient registry, IOptions<InferenceOptions> options, ILogger<ModelLoader> logger)
{
    /// <exception cref="ModelLoadException">The version cannot be served; the message says why.</exception>
    /// <exception cref="HttpRequestException">The registry could not be reached; trying again may succeed.</exception>
    public async Task<LoadedModel> LoadAsync(ModelKey key, int version, string sha256, CancellationToken cancellationToken)
    {
        await using var package = await registry.DownloadPackageAsync(key, version, sha256, cancellationToken);
        ModelPackageContents contents;
        try
        {
            contents = await ModelPackage.ReadAsync(package, options.Value.PackageLimits, cancellationToken);
        }
        catch (InvalidModelPackageException ex)
        {
            throw new ModelLoadException($"Version {version}'s package is invalid: {ex.Message}", ex);
        }

        if (contents.Manifest.Model != key.Name)
        {
            throw new ModelLoadException($"Version {version}'s package is for model '{contents.Manifest.Model}', not '{key.Name}'.");
        }

        ITransformer model;
        try
        {
            await using var stream = contents.OpenModel();
            model = new MLContext().Model.Load(stream, out _);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ModelLoadException($"Version {version}'s model does not load: {ex.Message}", ex);
        }

        LoadedModel loaded;
        try
        {
            loaded = new LoadedModel(key, version, sha256, contents.Manifest, model);
        }
        catch (ModelLoadException ex)
        {
            throw new ModelLoadException($"Version {version}: {ex.Message}", ex);
        }

        logger.LogInformation("{Tenant}/{Model} v{Version} ({Trainer}) is scored {Scorer}", key.Tenant, key.Name, version,
            contents.Manifest.Trainer.Name, loaded.EvaluatesTreesDirectly ? "by evaluating its trees directly" : "by ML.NET");
        return loaded;
    }
}