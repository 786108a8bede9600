using System.Globalization;

namespace MlOps.Training.Service.Tracking;

/// <summary>
/// Parses MLflow's run filter grammar: <c>entity.key op value</c> clauses joined by <c>and</c>.
/// Metrics and the time attributes compare as numbers (<c>= != &lt; &lt;= &gt; &gt;=</c>); params, tags and the
/// other attributes as strings (<c>= != LIKE ILIKE</c>). Times are epoch milliseconds or quoted ISO 8601.
/// </summary>
public static class RunFilterParser
{
    private const string Operators = "a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE)";

    // Two-character symbols first, so '<=' is not read as '<'.
    private static readonly (string Symbol, FilterOperator Operator)[] Symbols =
    [
        ("!=", FilterOperator.NotEqual),
        ("<=", FilterOperator.LessOrEqual),
        (">=", FilterOperator.GreaterOrEqual),
        ("=", FilterOperator.Equal),
        ("<", FilterOperator.Less),
        (">", FilterOperator.Greater),
    ];

    public static (IReadOnlyList<FilterClause> Clauses, SyntaxError? Error) Parse(string? filter)
    {
        var clauses = new List<FilterClause>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return (clauses, null);
        }

        var reader = new FilterReader(filter);
        try
        {
            reader.SkipSpaces();
            clauses.Add(ReadClause(reader));
            while (true)
            {
                reader.SkipSpaces();
                if (reader.AtEnd)
                {
                    return (clauses, null);
                }

                var word = reader.PeekWord();
                if (word.Equals("or", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FilterSyntaxException(reader.Position, "only AND is supported between clauses; OR is not.");
                }

                if (!word.Equals("and", StringComparison.OrdinalIgnoreCase))
                {
                    throw reader.Expected("'and' or the end of the filter");
                }

                reader.ReadWord();
                reader.SkipSpaces();
                clauses.Add(ReadClause(reader));
            }
        }
        catch (FilterSyntaxException ex)
        {
            return ([], ex.Error);
        }
    }

    private static FilterClause ReadClause(FilterReader reader)
    {
        var (entity, key) = reader.ReadEntityKey();
        var subject = entity == FilterEntity.Attribute ? $"attributes.{key}" : $"{entity.ToString().ToLowerInvariant()}s.{key}";
        var numeric = entity == FilterEntity.Metric || (entity == FilterEntity.Attribute && RunAttributes.IsTime(key));

        reader.SkipSpaces();
        var operatorAt = reader.Position;
        var op = ReadOperator(reader);
        if (numeric && op is FilterOperator.Like or FilterOperator.ILike)
        {
            throw new FilterSyntaxException(operatorAt,
                $"{op.ToString().ToUpperInvariant()} compares strings, but {subject} is a number: use =, !=, <, <=, > or >=.");
        }

        if (!numeric && op is not (FilterOperator.Equal or FilterOperator.NotEqual or FilterOperator.Like or FilterOperator.ILike))
        {
            throw new FilterSyntaxException(operatorAt,
                $"'{Symbol(op)}' compares numbers and times, but {subject} is a string: use =, !=, LIKE or ILIKE.");
        }

        reader.SkipSpaces();
        var valueAt = reader.Position;
        object value = !reader.AtEnd && reader.Current is '\'' or '"' ? ReadString(reader) : ReadNumber(reader);
        return new FilterClause(entity, key, op, (entity, value) switch
        {
            (FilterEntity.Metric, double number) => number,
            (FilterEntity.Metric, _) => throw new FilterSyntaxException(valueAt,
                $"expected a number for {subject} but found a quoted string."),
            (FilterEntity.Attribute, _) when RunAttributes.IsTime(key) => ToTime(value, subject, valueAt),
            (_, string text) => entity == FilterEntity.Attribute && key == RunAttributes.Status ? text.ToLowerInvariant() : text,
            _ => throw new FilterSyntaxException(valueAt,
                $"expected a quoted string for {subject} (such as '{value}') but found a number."),
        });
    }

    private static FilterOperator ReadOperator(FilterReader reader)
    {
        foreach (var (symbol, op) in Symbols)
        {
            if (reader.TryConsume(symbol))
            {
                return op;
            }
        }

        var word = reader.PeekWord();
        if (word.Equals("like", StringComparison.OrdinalIgnoreCase) || word.Equals("ilike", StringComparison.OrdinalIgnoreCase))
        {
            reader.ReadWord();
            return word.Length == 4 ? FilterOperator.Like : FilterOperator.ILike;
        }

        throw reader.Expected(Operators);
    }

    // A quote inside a string is written twice, as in SQL: 'it''s'.
    private static string ReadString(FilterReader reader)
    {
        var quote = reader.Current;
        var start = reader.Position;
        var text = new System.Text.StringBuilder();
        reader.Position++;
        while (true)
        {
            if (reader.AtEnd)
            {
                throw new FilterSyntaxException(start, $"the string starting here is not closed with {quote}.");
            }

            var c = reader.Current;
            reader.Position++;
            if (c != quote)
            {
                text.Append(c);
            }
            else if (!reader.AtEnd && reader.Current == quote)
            {
                text.Append(quote);
                reader.Position++;
            }
            else
            {
                return text.ToString();
            }
        }
    }

    private static double ReadNumber(FilterReader reader)
    {
        var start = reader.Position;
        var text = new System.Text.StringBuilder();
        while (!reader.AtEnd && (char.IsAsciiDigit(reader.Current) || reader.Current is '.' or '-' or '+' or 'e' or 'E'))
        {
            text.Append(reader.Current);
            reader.Position++;
        }

        if (text.Length == 0)
        {
            throw reader.Expected("a value (a quoted string or a number)");
        }

        if (!double.TryParse(text.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            throw new FilterSyntaxException(start, $"'{text}' is not a finite number.");
        }

        return number;
    }

    private static DateTimeOffset ToTime(object value, string subject, int position)
    {
        if (value is double milliseconds)
        {
            if (milliseconds is < 0 or > 253402300799999 || Math.Floor(milliseconds) != milliseconds)
            {
                throw new FilterSyntaxException(position, $"expected {subject} as whole milliseconds since 1970-01-01 or a quoted ISO 8601 time.");
            }

            return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
        }

        return DateTimeOffset.TryParse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new FilterSyntaxException(position, $"expected {subject} as a quoted ISO 8601 time (such as '2026-11-23T10:00:00Z') or epoch milliseconds.");
    }

    private static string Symbol(FilterOperator op) => Symbols.First(entry => entry.Operator == op).Symbol;
}