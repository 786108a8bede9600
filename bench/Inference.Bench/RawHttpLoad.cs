using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace MlOps.Inference.Bench;

/// <summary>
/// The load generator: HTTP/1.1 predict requests written ready-made on kept-alive sockets, one connection per caller,
/// and each answer read only as far as its status and length need. It costs the machine a fraction of what an
/// <see cref="HttpClient"/> does per request, so the two cores measure the platform rather than the client.
/// </summary>
internal sealed class RawHttpLoad : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly Uri _baseAddress;
    private readonly string _path;
    private readonly string? _apiKey;
    private readonly ConcurrentBag<Connection> _idle = [];
    private readonly ConcurrentBag<Connection> _all = [];

    public RawHttpLoad(Uri baseAddress, string path, string? apiKey)
    {
        _baseAddress = baseAddress;
        _path = path;
        _apiKey = apiKey;
    }

    /// <summary>The whole predict request for <paramref name="body"/>, head included, as it goes on the wire.</summary>
    public byte[] Prepare(byte[] body)
    {
        var head = $"POST {_path} HTTP/1.1\r\nHost: {_baseAddress.Authority}\r\nContent-Type: application/json\r\n"
            + (_apiKey is null ? "" : $"Authorization: Bearer {_apiKey}\r\n")
            + $"Content-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    /// <summary>
    /// Sends a prepared request on an idle connection (a new one if none is) and reads its whole answer, which must be a
    /// 200. Blocking: a caller is a thread of its own, which sleeps in the socket until its answer comes.
    /// </summary>
    public void Send(byte[] request)
    {
        if (!_idle.TryTake(out var connection))
        {
            connection = Connection.Open(_baseAddress);
            _all.Add(connection);
        }

        connection.Exchange(request);
        _idle.Add(connection);
    }

    /// <summary>
    /// Closes this load's connections and opens <paramref name="count"/> new ones, keeping those that
    /// <paramref name="keep"/> accepts and replacing the others.
    /// </summary>
    public void Reconnect(int count, Func<Socket, bool> keep)
    {
        Dispose();
        _all.Clear();
        _idle.Clear();
        for (var attempts = 0; _all.Count < count; attempts++)
        {
            if (attempts == count * 20)
            {
                throw new InvalidOperationException($"Could not open {count} connections to {_baseAddress} as wanted in {attempts} attempts.");
            }

            var connection = Connection.Open(_baseAddress);
            if (keep(connection.Socket))
            {
                _all.Add(connection);
                _idle.Add(connection);
            }
            else
            {
                connection.Socket.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var connection in _all)
        {
            connection.Socket.Dispose();
        }
    }

    private sealed class Connection(Socket socket)
    {
        private byte[] _buffer = new byte[64 * 1024];

        public Socket Socket { get; } = socket;

        public static Connection Open(Uri address)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(address.Host, address.Port);
            return new Connection(socket);
        }

        public void Exchange(byte[] request)
        {
            Socket.Send(request, SocketFlags.None);
            var length = 0;
            int headerEnd;
            while ((headerEnd = _buffer.AsSpan(0, length).IndexOf(HeaderEnd)) < 0)
            {
                length += Receive(length);
            }

            var head = _buffer.AsSpan(0, headerEnd);
            if (!head.StartsWith("HTTP/1.1 200 "u8))
            {
                throw new InvalidOperationException($"Predict answered: {Encoding.ASCII.GetString(head)}");
            }

            var total = headerEnd + HeaderEnd.Length + ContentLength(head);
            while (length < total)
            {
                length += Receive(length);
            }
        }

        private int Receive(int filled)
        {
            if (filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = Socket.Receive(_buffer.AsSpan(filled), SocketFlags.None);
            return read > 0 ? read : throw new InvalidOperationException("The server closed the connection.");
        }

        private static int ContentLength(ReadOnlySpan<byte> head)
        {
            // Kestrel, behind the gateway as well, spells the header Content-Length; uvicorn, for the peer, content-length.
            var name = "content-length: "u8;
            for (var line = head; line.IndexOf("\r\n"u8) is var end and >= 0;)
            {
                line = line[(end + 2)..];
                if (line.Length > name.Length && Ascii.EqualsIgnoreCase(line[..name.Length], name)
                    && Utf8Parser.TryParse(line[name.Length..], out int contentLength, out _))
                {
                    return contentLength;
                }
            }

            throw new InvalidOperationException($"The answer has no readable Content-Length: {Encoding.ASCII.GetString(head)}");
        }
    }
}