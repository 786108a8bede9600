using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.Limits;

/// <summary>Configuration section <c>Gateway</c>.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Gateway";

    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The limit for uploads of datasets and model packages, which are large by nature.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBodyBytes { get; set; } = 1024L * 1024 * 1024;
}