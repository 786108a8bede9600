using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

using MlOps.Contracts.ModelPackages;
using MlOps.Registry.Service.Catalog;
using MlOps.Registry.Service.Infrastructure;
using MlOps.Registry.Service.Uploads;
using MlOps.ServiceDefaults.Http;

namespace MlOps.Registry.Service.Apis;

public static class VersionsApi
{
    private static readonly string[] PackageMediaTypes = ["application/zip", "application/octet-stream"];

    public static IEndpointRouteBuilder MapVersionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/registry/models/{name}/versions").WithTags("Model versions");

        api.MapPost("/", RegisterVersion)
            .WithName("RegisterModelVersion")
            .WithSummary("Upload a model package (streamed) as the model's next version; the model is created on its first")
            .Accepts<Stream>(PackageMediaTypes[0], PackageMediaTypes[1]);
        api.MapGet("/", ListVersions)
            .WithName("ListModelVersions")
            .WithSummary("A model's versions, newest first");
        api.MapGet("/{version}", GetVersion)
            .WithName("GetModelVersion")
            .WithSummary("One version: metrics, manifest, lineage, who registered it and when");
        api.MapGet("/{version}/artifact", DownloadArtifact)
            .WithName("DownloadModelArtifact")
            .WithSummary("The version's package, byte for byte as uploaded, checked against its SHA-256 (the ETag)")
            .Produces(StatusCodes.Status200OK, contentType: PackageMediaTypes[0]);
        api.MapPatch("/{version}", UpdateVersion)
            .WithName("UpdateModelVersion")
            .WithSummary("Change a version's description and tags (tags merge; a null value removes the tag)");
        api.MapPost("/{version}/archive", ArchiveVersion)
            .WithName("ArchiveModelVersion")
            .WithSummary("Archive a version that is neither champion nor challenger; it can no longer be deployed");
        return app;
    }

    public static async Task<Results<Created<ModelVersion>, ValidationProblem, ProblemHttpResult>> RegisterVersion(
        string name, string? description, HttpContext context, RegistryStore store, IOptions<RegistryOptions> options,
        CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        if (description is { Length: > MetadataPatch.MaxDescriptionLength })
        {
            return Problems.Invalid("description", $"A description is at most {MetadataPatch.MaxDescriptionLength} characters.");
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !PackageMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the model package as application/zip or application/octet-stream.");
        }

        var maxBytes = options.Value.MaxPackageBytes;
        if (context.Request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            await using var package = await ReceivedPackage.ReceiveAsync(context.Request.Body, maxBytes, cancellationToken);
            if (package is null)
            {
                return TooLarge(maxBytes);
            }

            ModelManifest manifest;
            try
            {
                manifest = await ReadManifestAsync(package, options.Value.PackageLimits, cancellationToken);
            }
            catch (InvalidModelPackageException ex)
            {
                return Problems.Invalid("body", ex.Message);
            }

            if (manifest.Model != name)
            {
                return Problems.Invalid("model", $"The package's manifest is for model '{manifest.Model}', not '{name}'.");
            }

            var version = await store.RegisterAsync(Actor.From(context), name, description, package, manifest, cancellationToken);
            return TypedResults.Created($"/api/registry/models/{name}/versions/{version.Version}", version);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<ModelVersion>>, ValidationProblem, ProblemHttpResult>> ListVersions(
        string name, HttpContext context, RegistryStore store, CancellationToken cancellationToken)
    {
        if (!ModelNameRule.IsValid(name))
        {
            return Problems.Invalid("name", ModelNameRule.Description);
        }

        var versions = await store.ListVersionsAsync(RequestIdentity.From(context).Tenant, name, cancellationToken);
        return versions is null ? Problems.NotFound($"There is no model '{name}'.") : TypedResults.Ok(versions);
    }

    public static async Task<Results<Ok<ModelVersion>, ValidationProblem, ProblemHttpResult>> GetVersion(
        string name, string version, HttpContext context, RegistryStore store, CancellationToken cancellationToken)
    {
        if (Problems.CheckVersion(name, version, out var number) is { } invalid)
        {
            return invalid;
        }

        var found = await store.GetVersionAsync(RequestIdentity.From(context).Tenant, name, number, cancellationToken);
        return found is null ? VersionNotFound(name, number) : TypedResults.Ok(found);
    }

    public static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> DownloadArtifact(
        string name, string version, HttpContext context, RegistryStore store, ArtifactStore artifacts,
        ILogger<ArtifactStore> logger, CancellationToken cancellationToken)
    {
        if (Problems.CheckVersion(name, version, out var number) is { } invalid)
        {
            return invalid;
        }

        var tenant = RequestIdentity.From(context).Tenant;
        if (await store.FindArtifactAsync(tenant, name, number, cancellationToken) is not { } artifact)
        {
            return VersionNotFound(name, number);
        }

        var (sha256, size) = artifact;
        var entityTag = new EntityTagHeaderValue($"\"{sha256}\"");
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(entityTag, useStrongComparison: false)))
        {
            context.Response.Headers.ETag = entityTag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var content = await artifacts.ReadVerifiedAsync(tenant, sha256, size, cancellationToken);
        if (content is null)
        {
            logger.LogError("The stored artifact of {Model} version {Version} ({Sha256}) no longer matches its SHA-256", name, number, sha256);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Artifact corrupt",
                detail: $"The stored package of version {number} no longer matches its SHA-256 {sha256}; it is not served.");
        }

        return TypedResults.File(content, PackageMediaTypes[0], $"{name}-v{number}.zip", entityTag: entityTag);
    }

    public static async Task<Results<Ok<ModelVersion>, ValidationProblem, ProblemHttpResult>> UpdateVersion(
        string name, string version, MetadataPatch patch, HttpContext context, RegistryStore store,
        CancellationToken cancellationToken)
    {
        if (Problems.CheckVersion(name, version, out var number) is { } invalid)
        {
            return invalid;
        }

        if (patch.Problem() is { } problem)
        {
            return Problems.Invalid(problem.Field, problem.Message);
        }

        var tenant = RequestIdentity.From(context).Tenant;
        if (!await store.UpdateVersionAsync(tenant, name, number, patch, cancellationToken))
        {
            return VersionNotFound(name, number);
        }

        return TypedResults.Ok((await store.GetVersionAsync(tenant, name, number, cancellationToken))!);
    }

    public static async Task<Results<Ok<ModelVersion>, ValidationProblem, ProblemHttpResult>> ArchiveVersion(
        string name, string version, HttpContext context, RegistryStore store, CancellationToken cancellationToken)
    {
        if (Problems.CheckVersion(name, version, out var number) is { } invalid)
        {
            return invalid;
        }

        var tenant = RequestIdentity.From(context).Tenant;
        if (await store.ArchiveAsync(tenant, name, number, cancellationToken) is { } refusal)
        {
            return Problems.Problem(refusal);
        }

        return TypedResults.Ok((await store.GetVersionAsync(tenant, name, number, cancellationToken))!);
    }

    /// <summary>Checks the package and returns its manifest; the inflated model is dropped as soon as it was checked.</summary>
    private static async Task<ModelManifest> ReadManifestAsync(
        ReceivedPackage package, ModelPackageLimits limits, CancellationToken cancellationToken) =>
        (await ModelPackage.ReadAsync(package.File, limits, cancellationToken)).Manifest;

    private static ProblemHttpResult VersionNotFound(string name, int version) =>
        Problems.NotFound($"Model '{name}' has no version {version}.");

    private static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Package too large",
        detail: $"A model package may hold at most {maxBytes} bytes.");
}