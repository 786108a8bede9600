using System.IO.Compression;

namespace MlOps.Contracts.ModelPackages;

/// <summary>The package's two entries, found after checking that the archive holds exactly those and nothing else.</summary>
internal sealed record PackageEntries(ZipArchiveEntry Manifest, ZipArchiveEntry Model)
{
    public const string ManifestName = "manifest.json";
    public const string ModelName = "model.zip";

    public static PackageEntries Find(ZipArchive archive)
    {
        var entries = archive.Entries;
        var withPath = entries.Where(entry => HasPath(entry.FullName)).Select(entry => Quote(entry.FullName)).ToList();
        if (withPath.Count > 0)
        {
            throw new InvalidModelPackageException(
                $"The package has entries with a path ({string.Join(", ", withPath)}); entry names must be bare file names, so path traversal is refused.");
        }

        var unexpected = entries.Where(entry => entry.FullName is not (ManifestName or ModelName)).Select(entry => Quote(entry.FullName)).ToList();
        if (unexpected.Count > 0)
        {
            throw new InvalidModelPackageException(
                $"The package has unexpected entries ({string.Join(", ", unexpected)}); it must hold exactly '{ManifestName}' and '{ModelName}'.");
        }

        return new PackageEntries(Single(entries, ManifestName), Single(entries, ModelName));
    }

    private static ZipArchiveEntry Single(IReadOnlyCollection<ZipArchiveEntry> entries, string name)
    {
        var matching = entries.Where(entry => entry.FullName == name).ToList();
        return matching.Count switch
        {
            1 => matching[0],
            0 => throw new InvalidModelPackageException($"The package has no '{name}' entry; it must hold exactly '{ManifestName}' and '{ModelName}'."),
            _ => throw new InvalidModelPackageException($"The package has {matching.Count} entries named '{name}'; it must hold exactly one."),
        };
    }

    private static bool HasPath(string name) =>
        name.Contains('/') || name.Contains('\\') || name.Contains("..", StringComparison.Ordinal) || name.Contains(':');

    private static string Quote(string name) => $"'{name}'";
}