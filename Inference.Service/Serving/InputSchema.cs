using System.Text;

using Microsoft.ML;
using Microsoft.ML.Data;

using MlOps.Contracts.ModelPackages;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// A model's input columns as requests carry them: names matched ignoring case (as the manifest rules promise), the
/// allowed categories, and the ML.NET schema a request row is seen through (numeric as Single, other kinds as text).
/// </summary>
public sealed class InputSchema
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?[] _categories;

    public InputSchema(IReadOnlyList<FeatureSchema> features)
    {
        Features = features;
        Utf8Names = features.Select(feature => Encoding.UTF8.GetBytes(feature.Name)).ToArray();
        _byName = features.Select((feature, index) => (feature.Name, index))
            .ToDictionary(pair => pair.Name, pair => pair.index, StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _categories = features.Select(feature => feature.Categories is { } categories
            ? categories.Select((category, index) => (category, index)).ToDictionary(pair => pair.category, pair => pair.index, StringComparer.Ordinal)
                .GetAlternateLookup<ReadOnlySpan<char>>()
            : (Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?)null).ToArray();

        var schema = new DataViewSchema.Builder();
        foreach (var feature in features)
        {
            schema.AddColumn(feature.Name, feature.Kind == FeatureKind.Numeric ? NumberDataViewType.Single : TextDataViewType.Instance);
        }

        DataViewSchema = schema.ToSchema();
    }

    public IReadOnlyList<FeatureSchema> Features { get; }

    /// <summary>The features' names as UTF-8, to compare with request field names without decoding them.</summary>
    public byte[][] Utf8Names { get; }

    public DataViewSchema DataViewSchema { get; }

    public int Count => Features.Count;

    /// <summary>The feature's position, or -1 when the model has no such input.</summary>
    public int IndexOf(ReadOnlySpan<char> name) => _byName.TryGetValue(name, out var index) ? index : -1;

    /// <summary>The allowed category equal to <paramref name="value"/>, or null when the model never saw it.</summary>
    public string? FindCategory(int feature, ReadOnlySpan<char> value) =>
        _categories[feature] is { } categories && categories.TryGetValue(value, out var index) ? Features[feature].Categories![index] : null;

    /// <summary>Whether both schemas ask for the same columns, kinds and categories in the same order.</summary>
    public bool Matches(InputSchema other) =>
        Count == other.Count && Features.Zip(other.Features).All(pair =>
            pair.First.Name == pair.Second.Name && pair.First.Kind == pair.Second.Kind
            && (pair.First.Categories ?? []).SequenceEqual(pair.Second.Categories ?? [], StringComparer.Ordinal));

    /// <summary>
    /// The rows of a table read for <paramref name="source"/> as this schema's columns, sharing their values; a category
    /// this schema does not know becomes unknown. Null when a column is missing or of another kind.
    /// </summary>
    public RequestTable? Project(RequestTable table, InputSchema source)
    {
        if (Matches(source))
        {
            return table;
        }

        var projected = new RequestTable(Count) { Rows = table.Rows };
        for (var i = 0; i < Count; i++)
        {
            var from = source.IndexOf(Features[i].Name);
            if (from < 0 || source.Features[from].Kind != Features[i].Kind)
            {
                return null;
            }

            projected.Numbers[i] = table.Numbers[from];
            projected.Texts[i] = table.Texts[from];
            if (Features[i].Kind == FeatureKind.Categorical)
            {
                projected.Unknown[i] = UnknownCategories(i, table.Texts[from]!, table.Rows);
            }
        }

        return projected;
    }

    private bool[]? UnknownCategories(int feature, ReadOnlyMemory<char>[] values, int rows)
    {
        bool[]? unknown = null;
        for (var row = 0; row < rows; row++)
        {
            if (!values[row].IsEmpty && FindCategory(feature, values[row].Span) is null)
            {
                unknown ??= new bool[rows];
                unknown[row] = true;
            }
        }

        return unknown;
    }
}