using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.ServiceDefaults.Http;

public static class InlineSocketScheduling
{
    /// <summary>
    /// Runs socket completions, and Kestrel's request processing after them, on the socket engine's threads (one per
    /// core) instead of handing each step to the thread pool: on a small machine every hand-off is a thread woken and
    /// put back to sleep, which costs more than the gateway's forwarding or a model's scoring. Only for services whose
    /// request path never blocks; a long request holds up the other connections of its socket thread meanwhile.
    /// Must run before the first socket exists: the socket engine reads the switch once.
    /// </summary>
    public static WebApplicationBuilder UseInlineSocketScheduling(this WebApplicationBuilder builder)
    {
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        builder.Services.Configure<SocketTransportOptions>(options => options.UnsafePreferInlineScheduling = true);
        return builder;
    }
}