using MlOps.Console.Account;
using MlOps.Console.Actions;
using MlOps.Console.Components;
using MlOps.Console.Exports;
using MlOps.Console.Extensions;
using MlOps.ServiceDefaults;

namespace MlOps.Console;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddConsoleServices();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseConsolePipeline();
        app.MapAccountEndpoints();
        app.MapConsoleActions();
        app.MapConsoleExports();
        app.MapRazorComponents<App>();
        app.Run();
    }
}