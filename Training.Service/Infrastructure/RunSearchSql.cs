using System.Text;

using MlOps.Training.Service.Tracking;

namespace MlOps.Training.Service.Infrastructure;

/// <summary>A SQL text with its positional (<c>$1</c>…) parameter values.</summary>
public sealed record SqlQuery(string Text, IReadOnlyList<object> Parameters);

/// <summary>What a run search asks for: <see cref="Offset"/> runs are skipped, then at most <see cref="Limit"/> returned.</summary>
public sealed record RunSearch(
    string? Experiment,
    ViewType ViewType,
    IReadOnlyList<FilterClause> Filter,
    IReadOnlyList<OrderClause> OrderBy,
    int Offset,
    int Limit);

/// <summary>
/// Compiles a parsed filter and ordering into one SELECT over runs. Every key and value travels as a
/// parameter; only fixed column names and operators are written into the text.
/// </summary>
public static class RunSearchSql
{
    /// <summary>A run's columns, in the order <see cref="TrackingStore"/> reads them; the caller adds WHERE.</summary>
    internal const string SelectRun = """
        SELECT r.id, e.name, r.name, r.status, r.start_time, r.end_time, r.lifecycle_stage,
            (SELECT coalesce(jsonb_object_agg(p.key, p.value), '{}') FROM params p WHERE p.tenant = r.tenant AND p.run_id = r.id)::text,
            (SELECT coalesce(jsonb_object_agg(m.key, m.value), '{}') FROM latest_metrics m WHERE m.tenant = r.tenant AND m.run_id = r.id)::text,
            (SELECT coalesce(jsonb_object_agg(t.key, t.value), '{}') FROM run_tags t WHERE t.tenant = r.tenant AND t.run_id = r.id)::text
        FROM runs r JOIN experiments e ON e.id = r.experiment_id
        """;

    public static SqlQuery Compile(string tenant, RunSearch search)
    {
        var parameters = new List<object> { tenant };
        var sql = new StringBuilder(SelectRun).Append("\nWHERE r.tenant = $1");
        if (search.Experiment is not null)
        {
            sql.Append(" AND e.name = ").Append(Add(parameters, search.Experiment));
        }

        sql.Append(search.ViewType switch
        {
            ViewType.Active => " AND r.lifecycle_stage = 'active'",
            ViewType.Deleted => " AND r.lifecycle_stage = 'deleted'",
            _ => "",
        });

        foreach (var clause in search.Filter)
        {
            sql.Append("\n  AND ").Append(Condition(parameters, clause));
        }

        sql.Append("\nORDER BY ");
        foreach (var order in search.OrderBy)
        {
            sql.Append(SortExpression(parameters, order.Entity, order.Key))
                .Append(order.Descending ? " DESC" : " ASC")
                .Append(" NULLS LAST, ");
        }

        sql.Append("r.id\nLIMIT ").Append(Add(parameters, search.Limit))
            .Append(" OFFSET ").Append(Add(parameters, search.Offset));
        return new SqlQuery(sql.ToString(), parameters);
    }

    private static string Condition(List<object> parameters, FilterClause clause)
    {
        var op = clause.Operator switch
        {
            FilterOperator.Equal => "=",
            FilterOperator.NotEqual => "<>",
            FilterOperator.Less => "<",
            FilterOperator.LessOrEqual => "<=",
            FilterOperator.Greater => ">",
            FilterOperator.GreaterOrEqual => ">=",
            FilterOperator.Like => "LIKE",
            _ => "ILIKE",
        };

        if (clause.Entity == FilterEntity.Attribute)
        {
            return $"{AttributeColumn(clause.Key)} {op} {Add(parameters, clause.Value)}";
        }

        // A run without the key has no row here, so it never matches, not even '!='.
        var (table, alias) = Table(clause.Entity);
        var key = Add(parameters, clause.Key);
        var value = Add(parameters, clause.Value);
        return $"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.tenant = r.tenant AND {alias}.run_id = r.id"
            + $" AND {alias}.key = {key} AND {alias}.value {op} {value})";
    }

    private static string SortExpression(List<object> parameters, FilterEntity entity, string key)
    {
        if (entity == FilterEntity.Attribute)
        {
            return AttributeColumn(key);
        }

        var (table, alias) = Table(entity);
        return $"(SELECT {alias}.value FROM {table} {alias} WHERE {alias}.tenant = r.tenant AND {alias}.run_id = r.id"
            + $" AND {alias}.key = {Add(parameters, key)})";
    }

    private static (string Table, string Alias) Table(FilterEntity entity) => entity switch
    {
        FilterEntity.Metric => ("latest_metrics", "m"),
        FilterEntity.Param => ("params", "p"),
        _ => ("run_tags", "t"),
    };

    private static string AttributeColumn(string key) => key switch
    {
        RunAttributes.Status => "r.status",
        RunAttributes.StartTime => "r.start_time",
        RunAttributes.EndTime => "r.end_time",
        RunAttributes.RunName => "r.name",
        RunAttributes.RunId => "r.id::text",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a run attribute."),
    };

    private static string Add(List<object> parameters, object value)
    {
        parameters.Add(value);
        return "$" + parameters.Count;
    }
}