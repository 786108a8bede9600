namespace MlOps.Registry.Service.Catalog;

/// <summary>
/// A change to a model's or a version's description and tags. A missing description is left as it is, an empty
/// one clears it; tags merge into the existing ones, and a tag whose value is null is removed.
/// </summary>
public sealed record MetadataPatch(string? Description, IReadOnlyDictionary<string, string?>? Tags)
{
    public const int MaxDescriptionLength = 5000;
    public const int MaxTagKeyLength = 250;
    public const int MaxTagValueLength = 5000;
    public const int MaxTagsPerRequest = 100;

    /// <summary>The first problem with the patch as a field and a message, or null when it is valid.</summary>
    public (string Field, string Message)? Problem()
    {
        if (Description is { Length: > MaxDescriptionLength })
        {
            return ("description", $"A description is at most {MaxDescriptionLength} characters.");
        }

        if (Tags is null)
        {
            return null;
        }

        if (Tags.Count > MaxTagsPerRequest)
        {
            return ("tags", $"At most {MaxTagsPerRequest} tags can be changed at once.");
        }

        foreach (var (key, value) in Tags)
        {
            if (key.Length is 0 or > MaxTagKeyLength || key.Any(char.IsControl))
            {
                return ("tags", $"A tag key is 1 to {MaxTagKeyLength} printable characters; '{key}' is not.");
            }

            if (value is { Length: > MaxTagValueLength })
            {
                return ($"tags.{key}", $"A tag value is at most {MaxTagValueLength} characters.");
            }
        }

        return null;
    }

    public Dictionary<string, string> TagsToSet() =>
        Tags?.Where(tag => tag.Value is not null).ToDictionary(tag => tag.Key, tag => tag.Value!) ?? [];

    public string[] TagsToRemove() =>
        Tags?.Where(tag => tag.Value is null).Select(tag => tag.Key).ToArray() ?? [];
}