using System.IO.Compression;
using System.Text.Json;

namespace MlOps.Contracts.ModelPackages;

/// <summary>
/// The model package: one zip holding exactly <c>manifest.json</c> (a <see cref="ModelManifest"/>) and <c>model.zip</c>
/// (the ML.NET model with every featurisation step). The only code that writes or parses the format.
/// </summary>
public static class ModelPackage
{
    public const int FormatVersion = 1;

    /// <summary>Writes a package. The model is stored as it is: an ML.NET model is already compressed.</summary>
    /// <exception cref="ArgumentException">The manifest breaks a rule a reader would refuse it for.</exception>
    public static async Task WriteAsync(Stream destination, ModelManifest manifest, Stream model, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(model);
        var problems = ManifestValidator.Validate(manifest);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The manifest is invalid: {string.Join(" ", problems)}", nameof(manifest));
        }

        await using var archive = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        await using (var manifestEntry = await archive.CreateEntry(PackageEntries.ManifestName, CompressionLevel.Optimal).OpenAsync(ct))
        {
            await JsonSerializer.SerializeAsync(manifestEntry, manifest, ManifestJson.Options, ct);
        }

        await using var modelEntry = await archive.CreateEntry(PackageEntries.ModelName, CompressionLevel.NoCompression).OpenAsync(ct);
        await model.CopyToAsync(modelEntry, ct);
    }

    /// <summary>
    /// Reads and validates a package from a seekable stream (a file the caller has buffered), inflating it in memory
    /// within <paramref name="limits"/>. Nothing is written to disk.
    /// </summary>
    /// <exception cref="InvalidModelPackageException">The package is not one this library wrote, or is hostile; the message says why.</exception>
    public static async Task<ModelPackageContents> ReadAsync(Stream source, ModelPackageLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        if (!source.CanSeek)
        {
            throw new ArgumentException("A model package is read from a seekable stream; buffer it to a file first.", nameof(source));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.MaxTotalBytes, Array.MaxLength, nameof(limits));
        if (source.Length - source.Position == 0)
        {
            throw new InvalidModelPackageException("The package is empty (0 bytes).");
        }

        await using var archive = await OpenArchiveAsync(source, "The package", ct);
        var entries = PackageEntries.Find(archive);
        var inflater = new BoundedInflater(limits, "the package");
        inflater.CheckDeclared(entries.Manifest, limits.MaxManifestBytes);
        inflater.CheckDeclared(entries.Model, limits.MaxTotalBytes);

        using var manifestJson = await inflater.InflateAsync(entries.Manifest, limits.MaxManifestBytes, ct);
        var manifest = ParseManifest(manifestJson);
        var model = await inflater.InflateAsync(entries.Model, limits.MaxTotalBytes, ct);
        await CheckModelArchiveAsync(model, limits, ct);
        return new ModelPackageContents(manifest, model.GetBuffer(), (int)model.Length);
    }

    private static async Task<ZipArchive> OpenArchiveAsync(Stream source, string what, CancellationToken ct)
    {
        try
        {
            return await ZipArchive.CreateAsync(source, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidModelPackageException($"{what} is not a zip archive, or is truncated: {e.Message}", e);
        }
    }

    private static ModelManifest ParseManifest(MemoryStream json)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json.GetBuffer().AsSpan(0, (int)json.Length), ManifestJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidModelPackageException($"'{PackageEntries.ManifestName}' is not a valid manifest document: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new InvalidModelPackageException($"'{PackageEntries.ManifestName}' is the JSON null, not a manifest.");
        }

        var problems = ManifestValidator.Validate(manifest);
        if (problems.Count > 0)
        {
            throw new InvalidModelPackageException($"'{PackageEntries.ManifestName}' breaks the manifest rules: {string.Join(" ", problems)}");
        }

        return manifest;
    }

    /// <summary>
    /// Proves <c>model.zip</c> is a zip whose every entry inflates within the limits, without keeping what it
    /// inflates: ML.NET will inflate it again when it loads the model. Its entries' ratios are not limited, since a
    /// model's sparse weights can compress very well; the byte limit still stops a bomb.
    /// </summary>
    private static async Task CheckModelArchiveAsync(MemoryStream model, ModelPackageLimits limits, CancellationToken ct)
    {
        model.Position = 0;
        await using var archive = await OpenArchiveAsync(model, $"'{PackageEntries.ModelName}'", ct);
        var inflater = new BoundedInflater(limits with { MaxCompressionRatio = double.PositiveInfinity }, $"'{PackageEntries.ModelName}'");
        foreach (var entry in archive.Entries)
        {
            await inflater.InflateAsync(entry, limits.MaxTotalBytes, Stream.Null, ct);
        }
    }
}