using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

using MlOps.AppHost.Resources;

namespace MlOps.Inference.Bench;

/// <summary>
/// The FastAPI + scikit-learn service the platform is compared with (<c>bench/peers/sklearn_service.py</c>), run by
/// uvicorn with two workers as a child of the bench. The bench holds its stdin, which the service watches: when the
/// bench ends, however it ends (a crash or a kill -9 included), the pipe closes and the service stops its workers.
/// </summary>
internal sealed class SklearnPeer : IAsyncDisposable
{
    public const string Label = "FastAPI + scikit-learn";
    public const string PredictPath = "/predict";
    private const int Workers = 2;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SklearnPeer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    /// <param name="batchScheduling">Under SCHED_BATCH, as the launcher runs the system, or normal scheduling.</param>
    public static SklearnPeer Start(string csvPath, bool batchScheduling)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        string[] arguments =
        [
            PeerPrerequisites.Python,
            Path.Combine(AppContext.BaseDirectory, "Peers", "sklearn_service.py"),
            "--port", url.Port.ToString(CultureInfo.InvariantCulture),
            "--workers", Workers.ToString(CultureInfo.InvariantCulture),
            "--exit-with-stdin",
        ];
        // chrt sets the policy and then becomes Python, whose workers inherit it.
        var start = new ProcessStartInfo(batchScheduling ? "chrt" : arguments[0], batchScheduling ? ["--batch", "0", .. arguments] : arguments[1..])
        {
            Environment = { ["PIMA_CSV"] = csvPath, ["PYTHONUNBUFFERED"] = "1" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var peer = new SklearnPeer(Process.Start(start)!, url);
        peer._process.OutputDataReceived += (_, line) => peer.Record(line.Data);
        peer._process.ErrorDataReceived += (_, line) => peer.Record(line.Data);
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until both workers have trained their model and the service answers.</summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The scikit-learn peer exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                // A worker takes connections only once its start-up (the training) is done.
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode && WorkersStarted() == Workers)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The scikit-learn peer did not answer within {within}:\n{Output}");
    }

    /// <summary>
    /// Which of a load's <paramref name="connections"/> to keep, so that each worker serves its share of them. The
    /// workers share one listening socket, and connections opened at once all go to whichever worker accepts first,
    /// leaving the other idle (clients connecting over time would spread over both); this keeps a new connection only
    /// while the worker that accepted it holds fewer than its share.
    /// </summary>
    public Func<Socket, bool> EvenlyOverWorkers(int connections)
    {
        var share = (connections + Workers - 1) / Workers;
        var candidates = AcceptingProcess.ChildrenOf(Pid);
        var held = new Dictionary<int, int>();
        return socket =>
        {
            var worker = AcceptingProcess.Of(Url.Port, ((IPEndPoint)socket.LocalEndPoint!).Port, candidates, TimeSpan.FromSeconds(5));
            if (held.GetValueOrDefault(worker) >= share)
            {
                return false;
            }

            held[worker] = held.GetValueOrDefault(worker) + 1;
            return true;
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private string Output => string.Join('\n', _output);

    private int WorkersStarted() => _output.Count(line => line.Contains("Application startup complete", StringComparison.Ordinal));

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}