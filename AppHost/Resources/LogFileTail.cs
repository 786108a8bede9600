using System.Text;

namespace MlOps.AppHost.Resources;

/// <summary>Follows a log file that another process appends to and reports each complete line.</summary>
internal sealed class LogFileTail : IAsyncDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);

    private readonly string _path;
    private readonly long _offset;
    private readonly Action<string> _onLine;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;

    private LogFileTail(string path, long offset, Action<string> onLine)
    {
        _path = path;
        _offset = offset;
        _onLine = onLine;
        _following = Task.Run(FollowAsync);
    }

    /// <summary>Follows <paramref name="path"/> from its current end (or from its start once it appears).</summary>
    public static LogFileTail FromEnd(string path, Action<string> onLine)
    {
        return new LogFileTail(path, File.Exists(path) ? new FileInfo(path).Length : 0, onLine);
    }

    /// <summary>Reports what was written up to now, then stops following.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }

    private async Task FollowAsync()
    {
        var pending = new StringBuilder();
        StreamReader? reader = null;
        try
        {
            while (true)
            {
                bool stopping = _stop.IsCancellationRequested;
                reader ??= TryOpen();
                if (reader is not null)
                {
                    pending.Append(await reader.ReadToEndAsync());
                    ReportCompleteLines(pending);
                }

                if (stopping)
                {
                    break;
                }

                try
                {
                    await Task.Delay(s_pollInterval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // One last read follows.
                }
            }

            if (pending.Length > 0)
            {
                _onLine(pending.ToString());
            }
        }
        finally
        {
            reader?.Dispose();
        }
    }

    private StreamReader? TryOpen()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(_offset, stream.Length), SeekOrigin.Begin);
        return new StreamReader(stream, Encoding.UTF8);
    }

    private void ReportCompleteLines(StringBuilder pending)
    {
        string text = pending.ToString();
        int end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }

        foreach (string line in text[..end].Split('\n'))
        {
            _onLine(line.TrimEnd('\r'));
        }

        pending.Remove(0, end + 1);
    }
}