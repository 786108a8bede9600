namespace MlOps.Contracts.IntegrationEvents;

/// <summary>
/// The layout of <see cref="PredictionsLogged.Rows"/>, little-endian throughout:
/// <list type="number">
/// <item>the format's marker and version;</item>
/// <item>the row count;</item>
/// <item>a string table (count, then each string as a byte length and UTF-8), which tenants, models, routes, labels
/// and class names refer to by index, so a batch names each of them once;</item>
/// <item>the rows' inputs as one JSON array holding one value per row (byte length, then UTF-8 JSON);</item>
/// <item>per row: prediction id (16 bytes), tenant, model, version, route, label (-1 for none), a value flag and
/// value, latency in ms, served-at ticks and offset in minutes, the probability count (-1 for none) and each class
/// with its probability.</item>
/// </list>
/// </summary>
internal static class PredictionBatchFormat
{
    public const uint Marker = 0x31_42_50_4D; // "MPB1"

    public const int NoEntry = -1;
}