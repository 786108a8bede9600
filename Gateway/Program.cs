using MlOps.Gateway.Apis;
using MlOps.Gateway.Extensions;
using MlOps.ServiceDefaults;

namespace MlOps.Gateway;

public sealed class Program
{
    public static void Main(string[] args)
    {
        // The gateway only moves bytes between sockets, so socket completions run their continuations on the thread
        // that saw them rather than handing each to the thread pool: a thread switch less per read. Read once, by the
        // socket engine and Kestrel, before the first socket exists.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseGatewayPipeline();
        app.MapKeysApi();
        app.MapDocsApi();
        app.MapUnroutedApi();
        app.MapReverseProxy();
        app.Run();
    }
}