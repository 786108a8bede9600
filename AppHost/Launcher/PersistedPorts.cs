using System.Text.Json;

using MlOps.AppHost.Resources;

namespace MlOps.AppHost.Launcher;

/// <summary>The private servers' ports, kept in &lt;data&gt;/ports.json and reused on the next start while still free.</summary>
internal sealed record PersistedPorts(int? Postgres, int? Messaging)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static PersistedPorts Load(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<PersistedPorts>(File.ReadAllText(path), s_json) ?? new(null, null) : new(null, null);
        }
        catch (JsonException)
        {
            return new PersistedPorts(null, null);
        }
    }

    public static int? IfFree(int? port)
    {
        return port is int candidate && FreePort.IsFree(candidate) ? candidate : null;
    }

    public void Save(string path)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));
    }
}