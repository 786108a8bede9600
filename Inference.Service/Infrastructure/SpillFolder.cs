using System.Text.Json;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.Infrastructure;

/// <summary>
/// Prediction-log batches kept on local disk while the log falls behind, one JSON file per batch named by its
/// (time-ordered) id, oldest first. Files found at start are replayed too. Written and read by the log batcher alone;
/// <see cref="Bytes"/> and <see cref="IsFull"/> may be read from anywhere.
/// </summary>
public sealed class SpillFolder
{
    /// <summary>What a spilled file that cannot be read back is renamed with, so it is kept but not replayed.</summary>
    public const string UnreadableSuffix = ".unreadable";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly ILogger<SpillFolder> _logger;
    private readonly Queue<string> _files = new();
    private long _bytes;
    private volatile bool _full;

    public SpillFolder(IOptions<InferenceOptions> options, ILogger<SpillFolder> logger)
    {
        _folder = options.Value.SpillFolder;
        _maxBytes = options.Value.MaxSpillBytes;
        _logger = logger;
        try
        {
            Directory.CreateDirectory(_folder);
            foreach (var file in Directory.GetFiles(_folder, "*.json").Order(StringComparer.Ordinal))
            {
                _files.Enqueue(file);
                _bytes += new FileInfo(file).Length;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogError(ex, "The spill folder {Folder} cannot be used; batches the broker cannot take are kept in memory", _folder);
        }
    }

    public bool HasBatches => _files.Count > 0;

    /// <summary>Bytes the spilled batches take.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// The folder is at its byte bound, or the last batch offered did not fit in it or could not be written; the
    /// latter until a batch is written or a replayed one removed.
    /// </summary>
    public bool IsFull => _full || Bytes >= _maxBytes;

    /// <summary>
    /// Writes a batch; false when it does not fit in the folder's bound or cannot be written. With
    /// <paramref name="withinBound"/> false the bound is ignored: at shutdown, a batch kept past it beats a batch lost.
    /// </summary>
    public bool TryWrite(Guid id, PredictionsLogged batch, bool withinBound = true)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(batch, Json);
        if (withinBound && Bytes + content.Length > _maxBytes)
        {
            _full = true;
            return false;
        }

        var path = Path.Combine(_folder, $"{id:N}.json");
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Could not spill a prediction-log batch to {Path}; it stays in memory", path);
            _full = true;
            return false;
        }

        _files.Enqueue(path);
        Interlocked.Add(ref _bytes, content.Length);
        _full = false;
        return true;
    }

    /// <summary>
    /// The oldest spilled batch that reads back, or null when none is left. A file that cannot be read is renamed
    /// with <see cref="UnreadableSuffix"/> for an operator to look at, and skipped.
    /// </summary>
    public (Guid Id, PredictionsLogged Batch)? ReadOldest()
    {
        while (_files.TryPeek(out var path))
        {
            try
            {
                var id = Guid.TryParseExact(Path.GetFileNameWithoutExtension(path), "N", out var parsed) ? parsed : Guid.CreateVersion7();
                return JsonSerializer.Deserialize<PredictionsLogged>(File.ReadAllBytes(path), Json) is { Rows: not null } batch
                    ? (id, batch)
                    : throw new JsonException("The file holds no encoded rows.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                _logger.LogError(ex, "The spilled prediction-log batch {Path} cannot be read; it is kept as {Suffix} and not replayed",
                    path, UnreadableSuffix);
                SetAside(path);
            }
        }

        return null;
    }

    /// <summary>Deletes the oldest spilled batch, once it was published.</summary>
    public void RemoveOldest()
    {
        var path = _files.Dequeue();
        try
        {
            Interlocked.Add(ref _bytes, -new FileInfo(path).Length);
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Could not delete the replayed batch {Path}; it may be published again", path);
        }

        _full = false;
    }

    private void SetAside(string path)
    {
        _files.Dequeue();
        try
        {
            Interlocked.Add(ref _bytes, -new FileInfo(path).Length);
            File.Move(path, path + UnreadableSuffix, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Could not set the unreadable batch {Path} aside", path);
        }
    }
}