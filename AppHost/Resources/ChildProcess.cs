using System.Diagnostics;
using System.Text;

namespace MlOps.AppHost.Resources;

/// <summary>
/// A process started in a session of its own (through setsid), so that a Ctrl+C typed in the terminal reaches only
/// this process, which then stops its children in order. Every line it prints (stdout and stderr) is reported.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_outputDrainLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_defaultGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Action<string> _onOutputLine;
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, Action<string> onOutputLine)
    {
        _process = process;
        _onOutputLine = onOutputLine;
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process has exited.</summary>
    public Task<int> Completion => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        Action<string> onOutputLine,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        startInfo.ArgumentList.Add(fileName);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process, onOutputLine);
        process.OutputDataReceived += (_, e) => child.OnOutput(e.Data, child._stdoutClosed);
        process.ErrorDataReceived += (_, e) => child.OnOutput(e.Data, child._stderrClosed);
        process.Exited += (_, _) => _ = child.CompleteAsync();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to completion; cancelling kills it.</summary>
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onOutputLine = null,
        CancellationToken ct = default)
    {
        var output = new StringBuilder();
        void Collect(string line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            onOutputLine?.Invoke(line);
        }

        await using ChildProcess child = Start(fileName, arguments, Collect, environment);
        try
        {
            int exitCode = await child.Completion.WaitAsync(ct);
            lock (output)
            {
                return new CommandResult(exitCode, output.ToString().TrimEnd());
            }
        }
        catch (OperationCanceledException)
        {
            await child.StopAsync(TimeSpan.Zero);
            throw;
        }
    }

    /// <summary>
    /// SIGTERM (or what <paramref name="signal"/> sends), then SIGKILL to the whole process tree if it has not exited
    /// within <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, Action<int>? signal = null)
    {
        if (HasExited)
        {
            return;
        }

        (signal ?? Libc.Terminate)(Id);
        if (await Task.WhenAny(Completion, Task.Delay(grace)) != Completion)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }
        }

        await Completion;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(s_defaultGrace);
        _process.Dispose();
    }

    private void OnOutput(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            _onOutputLine(line);
        }
    }

    // Daemons a child leaves behind (epmd, for one) may keep the pipes open: wait for the output only briefly.
    private async Task CompleteAsync()
    {
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(s_outputDrainLimit));
        _exited.TrySetResult(_process.ExitCode);
    }
}