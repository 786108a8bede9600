namespace MlOps.ServiceDefaults.Messaging;

/// <summary>The parts of an <c>amqp://user:pass@host:port/vhost</c> URI that MassTransit needs.</summary>
public sealed record AmqpAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static AmqpAddress Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("amqp" or "amqps"))
        {
            throw new FormatException("The messaging connection string must be an AMQP URI: amqp://user:pass@host:port/vhost.");
        }

        var credentials = parsed.UserInfo.Split(':', 2);
        var path = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        return new AmqpAddress(
            parsed.Host,
            (ushort)(parsed.IsDefaultPort || parsed.Port < 0 ? 5672 : parsed.Port),
            path.Length == 0 ? "/" : path,
            Uri.UnescapeDataString(credentials[0] is { Length: > 0 } user ? user : "guest"),
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest");
    }
}