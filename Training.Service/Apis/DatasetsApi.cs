using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using MlOps.Contracts.ModelPackages;
using MlOps.ServiceDefaults.Http;
using MlOps.Training.Service.Datasets;
using MlOps.Training.Service.Infrastructure;

namespace MlOps.Training.Service.Apis;

public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/training/datasets").WithTags("Datasets");

        api.MapPost("/{name}", UploadDataset)
            .WithName("UploadDataset")
            .WithSummary("Upload a CSV file (streamed) as the next version of a dataset; the same bytes again return their existing version")
            .Accepts<Stream>("text/csv");
        api.MapGet("/", ListDatasets)
            .WithName("ListDatasets")
            .WithSummary("The tenant's datasets with their latest versions");
        api.MapGet("/{name}", GetDataset)
            .WithName("GetDataset")
            .WithSummary("A dataset's versions");
        api.MapGet("/{name}/versions/{version:int}", GetDatasetVersion)
            .WithName("GetDatasetVersion")
            .WithSummary("One version's schema, label and full profile");
        api.MapGet("/{name}/versions/{version:int}/rows", GetDatasetRows)
            .WithName("GetDatasetRows")
            .WithSummary("One version's CSV, byte for byte as uploaded")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    public static async Task<Results<Created<DatasetVersionResponse>, Ok<DatasetVersionResponse>, ValidationProblem, ProblemHttpResult>> UploadDataset(
        string name, string? label, HttpContext context, DatasetStore store, IOptions<DatasetOptions> options,
        CancellationToken cancellationToken)
    {
        if (!DatasetName.IsValid(name))
        {
            return Invalid("name", DatasetName.Rule);
        }

        if (string.IsNullOrWhiteSpace(label))
        {
            return Invalid("label", "The 'label' query parameter must name the label column, such as ?label=diabetes.");
        }

        var maxBytes = options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var tenant = RequestIdentity.From(context).Tenant;
        try
        {
            await using var upload = await UploadedDataset.ReceiveAsync(context.Request.Body, label, options.Value, cancellationToken);
            var existing = await store.FindByContentAsync(tenant, name, upload.Sha256, cancellationToken);
            var saved = existing is null
                ? await store.SaveAsync(tenant, name, upload, await upload.ProfileAsync(cancellationToken), cancellationToken)
                : new SaveResult(existing, Created: false);

            if (saved.Version.Schema.Label.Name != label)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Content already stored with another label",
                    detail: $"These bytes are version {saved.Version.Version} of '{name}', labelled '{saved.Version.Schema.Label.Name}'.");
            }

            var response = DatasetVersionResponse.From(saved.Version);
            return saved.Created
                ? TypedResults.Created($"/api/training/datasets/{name}/versions/{saved.Version.Version}", response)
                : TypedResults.Ok(response);
        }
        catch (CsvFormatException ex)
        {
            return Invalid("body", ex.Message);
        }
        catch (DatasetRejectedException ex)
        {
            return Invalid(ex.Field, ex.Message);
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(maxBytes);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
    }

    public static async Task<Ok<IReadOnlyList<DatasetSummary>>> ListDatasets(
        HttpContext context, DatasetStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(RequestIdentity.From(context).Tenant, cancellationToken));

    public static async Task<Results<Ok<DatasetHistory>, NotFound, ValidationProblem>> GetDataset(
        string name, HttpContext context, DatasetStore store, CancellationToken cancellationToken)
    {
        if (!DatasetName.IsValid(name))
        {
            return Invalid("name", DatasetName.Rule);
        }

        var versions = await store.ListVersionsAsync(RequestIdentity.From(context).Tenant, name, cancellationToken);
        return versions.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(new DatasetHistory(name, versions));
    }

    public static async Task<Results<Ok<DatasetVersionDetails>, NotFound, ValidationProblem>> GetDatasetVersion(
        string name, int version, HttpContext context, DatasetStore store, CancellationToken cancellationToken)
    {
        if (!DatasetName.IsValid(name))
        {
            return Invalid("name", DatasetName.Rule);
        }

        var found = await store.GetVersionAsync(RequestIdentity.From(context).Tenant, name, version, cancellationToken);
        return found is null ? TypedResults.NotFound() : TypedResults.Ok(DatasetVersionDetails.From(found));
    }

    public static async Task<Results<FileStreamHttpResult, NotFound, ValidationProblem>> GetDatasetRows(
        string name, int version, HttpContext context, DatasetStore store, CancellationToken cancellationToken)
    {
        if (!DatasetName.IsValid(name))
        {
            return Invalid("name", DatasetName.Rule);
        }

        var content = await store.OpenContentAsync(RequestIdentity.From(context).Tenant, name, version, cancellationToken);
        return content is null
            ? TypedResults.NotFound()
            : TypedResults.Stream(content, "text/csv", $"{name}-v{version}.csv");
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"A dataset upload may hold at most {maxBytes} bytes.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A dataset version as an upload answers it: identity, size, columns and label.</summary>
public sealed record DatasetVersionResponse(
    string Name, int Version, string Sha256, long Rows, long Bytes, DateTimeOffset Created,
    IReadOnlyList<DatasetColumn> Columns, DatasetLabel Label)
{
    public static DatasetVersionResponse From(DatasetVersion version) =>
        new(version.Name, version.Version, version.Sha256, version.Rows, version.Bytes, version.Created,
            version.Schema.Columns, version.Schema.Label);
}

/// <summary>A dataset version with its full profile, the reference a trained model's drift checks compare against.</summary>
public sealed record DatasetVersionDetails(
    string Name, int Version, string Sha256, long Rows, long Bytes, DateTimeOffset Created,
    IReadOnlyList<DatasetColumn> Columns, DatasetLabel Label, DataProfile Profile)
{
    public static DatasetVersionDetails From(DatasetVersion version) =>
        new(version.Name, version.Version, version.Sha256, version.Rows, version.Bytes, version.Created,
            version.Schema.Columns, version.Schema.Label, version.Profile);
}

public sealed record DatasetHistory(string Name, IReadOnlyList<DatasetVersionEntry> Versions);