namespace MlOps.Inference.Service.Serving;

/// <summary>
/// Everything wrong with a request, keyed by where (<c>rows[3].glucose</c>), so one 400 answer names every problem.
/// Only the first <c>max</c> are listed; the rest are counted.
/// </summary>
public sealed class RequestProblems(int max)
{
    private Dictionary<string, List<string>>? _listed;
    private int _listedCount;

    public int Count { get; private set; }

    public bool Listed => _listedCount == Count;

    public void Add(string field, string message)
    {
        Count++;
        if (_listedCount >= max)
        {
            return;
        }

        _listedCount++;
        _listed ??= [];
        if (!_listed.TryGetValue(field, out var messages))
        {
            _listed[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToErrors() => _listed?.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()) ?? [];
}