namespace MlOps.Training.Service.Tracking;

/// <summary>A cursor over filter or ordering text, shared by both parsers; failures throw <see cref="FilterSyntaxException"/>.</summary>
internal sealed class FilterReader(string text)
{
    public int Position { get; set; }

    public bool AtEnd => Position >= text.Length;

    public char Current => text[Position];

    public void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            Position++;
        }
    }

    /// <summary>Reads letters, digits and '_' (possibly none) without moving past anything else.</summary>
    public string ReadWord()
    {
        var start = Position;
        while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_'))
        {
            Position++;
        }

        return text[start..Position];
    }

    public bool TryConsume(string symbol)
    {
        if (string.CompareOrdinal(text, Position, symbol, 0, symbol.Length) != 0)
        {
            return false;
        }

        Position += symbol.Length;
        return true;
    }

    public string PeekWord()
    {
        var start = Position;
        var word = ReadWord();
        Position = start;
        return word;
    }

    /// <summary>Reads <c>entity.key</c>: the entity word, a dot, then a bare or quoted key.</summary>
    public (FilterEntity Entity, string Key) ReadEntityKey()
    {
        var start = Position;
        var word = ReadWord();
        if (word.Length == 0)
        {
            throw Expected("an entity (metrics, params, tags or attributes)");
        }

        var entity = word.ToLowerInvariant() switch
        {
            "metrics" or "metric" => FilterEntity.Metric,
            "params" or "param" or "parameters" or "parameter" => FilterEntity.Param,
            "tags" or "tag" => FilterEntity.Tag,
            "attributes" or "attribute" or "attr" => FilterEntity.Attribute,
            _ => throw new FilterSyntaxException(start, $"unknown entity '{word}': expected metrics, params, tags or attributes."),
        };

        if (AtEnd || Current != '.')
        {
            throw Expected($"'.' and a key after '{word}'");
        }

        Position++;
        var keyStart = Position;
        var key = ReadKey();
        if (entity == FilterEntity.Attribute && !RunAttributes.IsKnown(key))
        {
            throw new FilterSyntaxException(keyStart, $"unknown attribute '{key}': expected one of {RunAttributes.List}.");
        }

        return (entity, key);
    }

    public FilterSyntaxException Expected(string what) =>
        new(Position, $"expected {what} but found {Found()}.");

    private string ReadKey()
    {
        if (!AtEnd && Current is '`' or '"')
        {
            var quote = Current;
            var start = Position;
            var end = text.IndexOf(quote, Position + 1);
            if (end < 0)
            {
                throw new FilterSyntaxException(start, $"the key quoted with {quote} is not closed.");
            }

            if (end == Position + 1)
            {
                throw new FilterSyntaxException(start, "expected a key but found an empty quoted key.");
            }

            Position = end + 1;
            return text[(start + 1)..end];
        }

        var bareStart = Position;
        while (!AtEnd && !char.IsWhiteSpace(Current) && Current is not ('=' or '!' or '<' or '>' or '\'' or '"' or '`' or ','))
        {
            Position++;
        }

        if (Position == bareStart)
        {
            throw Expected("a key");
        }

        return text[bareStart..Position];
    }

    private string Found()
    {
        if (AtEnd)
        {
            return "the end of the text";
        }

        var end = Position;
        while (end < text.Length && end - Position < 20 && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return end == Position ? $"'{Current}'" : $"'{text[Position..end]}'";
    }
}

internal sealed class FilterSyntaxException(int position, string message) : Exception(message)
{
    public SyntaxError Error { get; } = new(position, message);
}