using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.Limits;

/// <summary>Configuration section <c>Gateway</c>.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Gateway";

    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;
}