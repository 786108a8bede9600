using System.Collections.Frozen;
using System.Text.Json;

using Microsoft.Extensions.Options;

namespace MlOps.Gateway.Keys;

/// <summary>
/// The API keys, looked up by the hash of their secret on every request. Reads take an immutable snapshot;
/// writes are serialised, reach the file first (temp file + rename) and only then replace the snapshot.
/// </summary>
public sealed class ApiKeyStore(IOptions<ApiKeyStoreOptions> options, TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string? _path = string.IsNullOrWhiteSpace(options.Value.StorePath) ? null : Path.GetFullPath(options.Value.StorePath);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile Snapshot _snapshot = Snapshot.Empty;

    public ApiKey? FindBySecret(string secret) => _snapshot.BySha256.GetValueOrDefault(ApiKeySecret.Hash(secret));

    public ApiKey? FindById(string id) => _snapshot.Keys.FirstOrDefault(key => key.Id == id);

    public IReadOnlyList<ApiKey> List() => _snapshot.Keys;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_path is null || !File.Exists(_path))
        {
            return;
        }

        await using var stream = File.OpenRead(_path);
        var file = await JsonSerializer.DeserializeAsync<ApiKeyStoreFile>(stream, FileJson, cancellationToken);
        _snapshot = file?.Keys is { } keys
            ? new Snapshot([.. keys])
            : throw new InvalidDataException($"The API key store '{_path}' has no 'keys' array.");
    }

    /// <summary>Adds a key with a secret chosen by the operator, unless a key with that secret exists.</summary>
    public async Task EnsureAsync(string secret, string tenant, string role, string name)
    {
        var sha256 = ApiKeySecret.Hash(secret);
        await _writeLock.WaitAsync();
        try
        {
            if (!_snapshot.BySha256.ContainsKey(sha256))
            {
                await ReplaceAsync([.. _snapshot.Keys, NewKey(sha256, tenant, role, name)]);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <returns>The new key and its secret, which is not kept anywhere.</returns>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string tenant, string role, string name)
    {
        var secret = ApiKeySecret.Generate();
        var key = NewKey(ApiKeySecret.Hash(secret), tenant, role, name);
        await _writeLock.WaitAsync();
        try
        {
            await ReplaceAsync([.. _snapshot.Keys, key]);
        }
        finally
        {
            _writeLock.Release();
        }

        return (key, secret);
    }

    public async Task<ApiKeyDeletion> DeleteAsync(string id)
    {
        await _writeLock.WaitAsync();
        try
        {
            var keys = _snapshot.Keys;
            var key = keys.FirstOrDefault(candidate => candidate.Id == id);
            if (key is null)
            {
                return ApiKeyDeletion.NotFound;
            }

            // Without an admin key nobody could manage keys until an operator restarts with a bootstrap key.
            if (key.Role == ApiKeyRoles.Admin && keys.Count(candidate => candidate.Role == ApiKeyRoles.Admin) == 1)
            {
                return ApiKeyDeletion.LastAdmin;
            }

            await ReplaceAsync([.. keys.Where(candidate => candidate.Id != id)]);
            return ApiKeyDeletion.Deleted;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private ApiKey NewKey(string sha256, string tenant, string role, string name) =>
        new(ApiKeySecret.NewId(), tenant, role, name, sha256, timeProvider.GetUtcNow());

    // Callers hold the write lock. Writes ignore request cancellation so the file and memory cannot diverge.
    private async Task ReplaceAsync(ApiKey[] keys)
    {
        if (_path is not null)
        {
            await WriteAtomicallyAsync(_path, new ApiKeyStoreFile(keys));
        }

        _snapshot = new Snapshot(keys);
    }

    private static async Task WriteAtomicallyAsync(string path, ApiKeyStoreFile file)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await JsonSerializer.SerializeAsync(stream, file, FileJson);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private sealed class Snapshot(ApiKey[] keys)
    {
        public static readonly Snapshot Empty = new([]);

        public ApiKey[] Keys { get; } = keys;

        public FrozenDictionary<string, ApiKey> BySha256 { get; } = keys.ToFrozenDictionary(key => key.Sha256, StringComparer.Ordinal);
    }
}