using System.Reflection;

namespace MlOps.ServiceDefaults.Database;

/// <summary>One versioned SQL script; <see cref="Source"/> keeps the platform's and the service's own scripts apart.</summary>
public sealed record MigrationScript(string Source, string Version, string Sql)
{
    public static IReadOnlyList<MigrationScript> FromAssembly(Assembly assembly, string source) =>
        assembly.GetManifestResourceNames()
            .Where(name => name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => new MigrationScript(source, VersionOf(name), Read(assembly, name)))
            .ToList();

    // "MlOps.Telemetry.Service.Infrastructure.Migrations.0001_events.sql" -> "0001_events"
    private static string VersionOf(string resourceName)
    {
        var withoutExtension = resourceName[..^".sql".Length];
        return withoutExtension[(withoutExtension.LastIndexOf('.') + 1)..];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>The database a service migrates and its scripts, in order: the platform's tables first, then its own.</summary>
public sealed record MigrationPlan(string ConnectionString, IReadOnlyList<MigrationScript> Scripts);