using MlOps.Contracts.ModelPackages;

namespace MlOps.Registry.Service.Catalog;

public sealed class RegistryOptions
{
    /// <summary>The largest package upload accepted, in bytes; more is a 413. Default 1 GiB.</summary>
    public long MaxPackageBytes { get; set; } = 1L << 30;

    /// <summary>How far an uploaded package may inflate while it is checked.</summary>
    public ModelPackageLimits PackageLimits { get; set; } = new();
}