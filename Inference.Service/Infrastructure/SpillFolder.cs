using System.Text.Json;

using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Inference.Service.Serving;

namespace MlOps.Inference.Service.Infrastructure;

/// <summary>
/// Prediction-log batches kept on local disk while the broker is unreachable, one JSON file per batch named by its
/// (time-ordered) id, oldest first. Files found at start are replayed too. Used by the log batcher alone.
/// </summary>
public sealed class SpillFolder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly ILogger<SpillFolder> _logger;
    private readonly Queue<string> _files = new();
    private long _bytes;

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
            logger.LogError(ex, "The spill folder {Folder} cannot be used; batches the broker cannot take will be dropped", _folder);
        }
    }

    public bool HasBatches => _files.Count > 0;

    /// <summary>Writes a batch; false when it does not fit in the folder's bound or cannot be written.</summary>
    public bool TryWrite(Guid id, PredictionsLogged batch)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(batch, Json);
        if (_bytes + content.Length > _maxBytes)
        {
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
            _logger.LogError(ex, "Could not spill a prediction-log batch to {Path}", path);
            return false;
        }

        _files.Enqueue(path);
        _bytes += content.Length;
        return true;
    }

    /// <summary>The oldest spilled batch; its batch is null when the file cannot be read back.</summary>
    public (Guid Id, PredictionsLogged? Batch) PeekOldest()
    {
        var path = _files.Peek();
        var id = Guid.TryParseExact(Path.GetFileNameWithoutExtension(path), "N", out var parsed) ? parsed : Guid.CreateVersion7();
        try
        {
            return (id, JsonSerializer.Deserialize<PredictionsLogged>(File.ReadAllBytes(path), Json) is { Rows: not null } batch
                ? batch
                : throw new JsonException("The file holds no encoded rows."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            _logger.LogError(ex, "The spilled prediction-log batch {Path} cannot be read and is dropped", path);
            return (id, null);
        }
    }

    /// <summary>Deletes the oldest spilled batch, once it was published (or found unreadable).</summary>
    public void RemoveOldest()
    {
        var path = _files.Dequeue();
        try
        {
            _bytes -= new FileInfo(path).Length;
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Could not delete the replayed batch {Path}; it may be published again", path);
        }
    }
}