namespace MlOps.Inference.Service.Serving;

/// <summary>
/// A request's rows held column by column, in the model's feature order: numeric features as floats (NaN for a
/// missing value), the other kinds as text (empty for a missing value). A categorical value marked unknown is kept as
/// given for the log and scored as missing. Arrays may be longer than <see cref="Rows"/>.
/// </summary>
public sealed class RequestTable(int features)
{
    public int Rows { get; set; }

    public float[]?[] Numbers { get; } = new float[]?[features];

    public ReadOnlyMemory<char>[]?[] Texts { get; } = new ReadOnlyMemory<char>[]?[features];

    public bool[]?[] Unknown { get; } = new bool[]?[features];

    public bool IsUnknown(int feature, int row) => Unknown[feature] is { } unknown && unknown[row];
}