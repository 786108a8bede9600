namespace MlOps.Training.Service.Tracking;

/// <summary>Parses an ordering such as <c>metrics.auc DESC, params.trainer</c>; the default is newest first.</summary>
public static class RunOrderParser
{
    public static readonly IReadOnlyList<OrderClause> Default =
        [new OrderClause(FilterEntity.Attribute, RunAttributes.StartTime, Descending: true)];

    public static (IReadOnlyList<OrderClause> Clauses, SyntaxError? Error) Parse(string? orderBy)
    {
        if (string.IsNullOrWhiteSpace(orderBy))
        {
            return (Default, null);
        }

        var reader = new FilterReader(orderBy);
        var clauses = new List<OrderClause>();
        try
        {
            while (true)
            {
                reader.SkipSpaces();
                var (entity, key) = reader.ReadEntityKey();
                reader.SkipSpaces();
                var direction = reader.PeekWord();
                var descending = direction.Equals("desc", StringComparison.OrdinalIgnoreCase);
                if (descending || direction.Equals("asc", StringComparison.OrdinalIgnoreCase))
                {
                    reader.ReadWord();
                    reader.SkipSpaces();
                }

                clauses.Add(new OrderClause(entity, key, descending));
                if (reader.AtEnd)
                {
                    return (clauses, null);
                }

                if (!reader.TryConsume(","))
                {
                    throw reader.Expected("ASC, DESC, ',' or the end of the ordering");
                }
            }
        }
        catch (FilterSyntaxException ex)
        {
            return ([], ex.Error);
        }
    }
}