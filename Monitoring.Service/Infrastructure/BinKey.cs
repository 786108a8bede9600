namespace MlOps.Monitoring.Service.Infrastructure;

/// <summary>One counter of <c>bin_counts</c>.</summary>
public readonly record struct BinKey(string Tenant, string Model, int Version, DateTimeOffset Bucket, Series Series, string Feature, short Bin);

/// <summary>What a counted bin belongs to.</summary>
public enum Series : short
{
    Feature = 0,
    Prediction = 1,
    Latency = 2,
}