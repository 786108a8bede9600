using System.Text;

namespace MlOps.AppHost.Launcher;

/// <summary>Every resource's state and endpoint; prints a line whenever a state changes.</summary>
internal sealed class ResourceTable(LogStreamer output)
{
    private readonly List<Row> _rows = [];

    public void Track(string resource, string endpoint, ResourceState state = ResourceState.Starting)
    {
        lock (_rows)
        {
            _rows.Add(new Row(resource, endpoint) { State = state });
        }
    }

    public void Set(string resource, ResourceState state)
    {
        ResourceState previous;
        lock (_rows)
        {
            Row row = _rows.Single(row => row.Resource == resource);
            previous = row.State;
            row.State = state;
        }

        if (previous != state)
        {
            output.Info($"{resource}: {previous} -> {state}");
        }
    }

    public void Print()
    {
        var table = new StringBuilder();
        lock (_rows)
        {
            int width = _rows.Max(row => row.Resource.Length) + 2;
            table.AppendLine();
            table.AppendLine($"{"Resource".PadRight(width)}{"State",-11}Endpoint");
            foreach (Row row in _rows)
            {
                table.AppendLine($"{row.Resource.PadRight(width)}{row.State,-11}{row.Endpoint}");
            }
        }

        output.Block(table.ToString());
    }

    private sealed record Row(string Resource, string Endpoint)
    {
        public ResourceState State { get; set; }
    }
}