namespace MlOps.Contracts.ModelPackages;

/// <summary>How much a package may inflate to when read, so a hostile upload cannot exhaust memory or CPU.</summary>
public sealed record ModelPackageLimits
{
    public static ModelPackageLimits Default { get; } = new();

    /// <summary>
    /// Bytes the package may inflate to in all (manifest plus model archive); the entries inside the model archive
    /// must fit in the same amount. Default 1 GiB.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>Bytes <c>manifest.json</c> may inflate to. Default 16 MiB.</summary>
    public long MaxManifestBytes { get; init; } = 16L << 20;

    /// <summary>Highest uncompressed-to-compressed ratio an entry of the package may have. Default 200 (200:1).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>
    /// Bytes an entry may inflate to before <see cref="MaxCompressionRatio"/> applies to it, so a small, very
    /// repetitive entry is not mistaken for a zip bomb. Default 1 MiB.
    /// </summary>
    public long CompressionRatioGraceBytes { get; init; } = 1L << 20;
}