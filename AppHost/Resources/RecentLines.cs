namespace MlOps.AppHost.Resources;

/// <summary>The last lines a server printed, quoted when it fails to start.</summary>
internal sealed class RecentLines(int capacity = 40)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join(Environment.NewLine, _lines);
        }
    }
}