namespace MlOps.Contracts.IntegrationEvents;

/// <summary>How an input column of a prediction block holds its values.</summary>
public enum InputKind
{
    /// <summary>Single-precision numbers, as a served model reads them.</summary>
    Float,

    /// <summary>Double-precision numbers, as JSON gives them.</summary>
    Double,

    Text,

    /// <summary>Any JSON value, as its text: a feature whose values are not all numbers or all strings.</summary>
    Json,
}