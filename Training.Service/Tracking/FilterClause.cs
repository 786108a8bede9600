namespace MlOps.Training.Service.Tracking;

public enum FilterEntity
{
    Metric,
    Param,
    Tag,
    Attribute,
}

public enum FilterOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Like,
    ILike,
}

/// <summary>
/// One <c>entity.key op value</c> comparison. <see cref="Value"/> is a <see cref="double"/> for metrics,
/// a <see cref="DateTimeOffset"/> (UTC) for the time attributes, and a <see cref="string"/> otherwise.
/// </summary>
public sealed record FilterClause(FilterEntity Entity, string Key, FilterOperator Operator, object Value);

/// <summary>One <c>entity.key ASC|DESC</c> term of an ordering.</summary>
public sealed record OrderClause(FilterEntity Entity, string Key, bool Descending);

/// <summary>Where (0-based character position) a filter or ordering went wrong, and what was expected.</summary>
public sealed record SyntaxError(int Position, string Message)
{
    public override string ToString() => $"At position {Position}: {Message}";
}