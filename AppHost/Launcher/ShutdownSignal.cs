using System.Runtime.InteropServices;

using MlOps.AppHost.Resources;

namespace MlOps.AppHost.Launcher;

/// <summary>Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation, so that the launcher can stop everything in order.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration _sigterm;

    public ShutdownSignal()
    {
        // So that an explicit `kill -INT` stops a launcher started in the background too.
        Libc.StopIgnoringInterrupt();
        Console.CancelKeyPress += OnCancelKeyPress;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _requested.Cancel();
        });
    }

    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm.Dispose();
        _requested.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _requested.Cancel();
    }
}