using System.Collections;

namespace MlOps.Inference.Service.IntegrationEvents;

/// <summary>
/// A logged row's probability per class as the event's dictionary, read from the scored batch's probabilities
/// instead of copied into a dictionary per row.
/// </summary>
internal sealed class RowProbabilities(IReadOnlyList<string> classes, float[] probabilities, int offset) : IReadOnlyDictionary<string, double>
{
    public int Count => classes.Count;

    public IEnumerable<string> Keys => classes;

    public IEnumerable<double> Values => this.Select(pair => pair.Value);

    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => classes.Contains(key);

    public bool TryGetValue(string key, out double value)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i] == key)
            {
                value = Probability(i);
                return true;
            }
        }

        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < classes.Count; i++)
        {
            yield return new KeyValuePair<string, double>(classes[i], Probability(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // JSON has no NaN or infinity; a model that produced one is logged as 0.
    private double Probability(int index) => probabilities[offset + index] is var value && float.IsFinite(value) ? value : 0;
}