namespace MlOps.AppHost.Launcher;

/// <summary>Writes every line to the console prefixed by its resource's name, in a colour per resource on a terminal.</summary>
internal sealed class LogStreamer
{
    public const string Launcher = "apphost";

    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";

    private static readonly string[] s_palette =
    [
        "\u001b[36m", "\u001b[32m", "\u001b[33m", "\u001b[35m", "\u001b[34m", "\u001b[96m", "\u001b[92m", "\u001b[93m", "\u001b[95m",
    ];

    private readonly bool _colored = !Console.IsOutputRedirected;
    private readonly Dictionary<string, string> _colors = [];

    public Action<string> For(string resource)
    {
        return line => Write(resource, line);
    }

    public void Write(string resource, string line)
    {
        Console.Out.WriteLine(_colored ? $"{ColorOf(resource)}[{resource}]{Reset} {line}" : $"[{resource}] {line}");
    }

    /// <summary>A message of the launcher itself.</summary>
    public void Info(string message)
    {
        Write(Launcher, message);
    }

    /// <summary>Text printed as it is (bold on a terminal), such as the resource table.</summary>
    public void Block(string text)
    {
        Console.Out.WriteLine(_colored ? $"{Bold}{text}{Reset}" : text);
    }

    private string ColorOf(string resource)
    {
        if (resource == Launcher)
        {
            return Bold;
        }

        lock (_colors)
        {
            if (!_colors.TryGetValue(resource, out string? color))
            {
                color = s_palette[_colors.Count % s_palette.Length];
                _colors[resource] = color;
            }

            return color;
        }
    }
}