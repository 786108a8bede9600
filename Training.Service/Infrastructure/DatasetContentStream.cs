using Npgsql;

namespace MlOps.Training.Service.Infrastructure;

/// <summary>
/// A read-only stream over a content's chunks as the database returns them, one row at a time, so a large
/// dataset is never held in memory. It owns the connection, command and reader and closes them on dispose.
/// The reader is positioned on the first chunk.
/// </summary>
internal sealed class DatasetContentStream(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader) : Stream
{
    private Stream? _chunk;
    private bool _rowReady = true;
    private bool _disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_chunk is not null)
            {
                var read = await _chunk.ReadAsync(buffer, cancellationToken);
                if (read > 0 || buffer.IsEmpty)
                {
                    return read;
                }

                await _chunk.DisposeAsync();
                _chunk = null;
            }

            if (!_rowReady && !await reader.ReadAsync(cancellationToken))
            {
                return 0;
            }

            _rowReady = false;
            _chunk = reader.GetStream(0);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_chunk is not null)
        {
            await _chunk.DisposeAsync();
        }

        await reader.DisposeAsync();
        await command.DisposeAsync();
        await connection.DisposeAsync();
        _disposed = true;
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _chunk?.Dispose();
            reader.Dispose();
            command.Dispose();
            connection.Dispose();
        }

        base.Dispose(disposing);
    }
}