using System.Collections;
using System.Text.Json;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// A logged row's inputs as the event's dictionary, without building one: the model's feature names over the row's
/// values, which are one JSON array in a document shared by the rows logged together.
/// </summary>
internal sealed class RowInputs(IReadOnlyList<string> names, JsonElement values) : IReadOnlyDictionary<string, JsonElement>
{
    public int Count => names.Count;

    public IEnumerable<string> Keys => names;

    public IEnumerable<JsonElement> Values => values.EnumerateArray();

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out JsonElement value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? values[index] : default;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        var index = 0;
        foreach (var value in values.EnumerateArray())
        {
            yield return new KeyValuePair<string, JsonElement>(names[index++], value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == key)
            {
                return i;
            }
        }

        return -1;
    }
}