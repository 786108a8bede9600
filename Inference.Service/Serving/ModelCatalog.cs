using System.Collections.Concurrent;

namespace MlOps.Inference.Service.Serving;

/// <summary>Every model this replica serves, by tenant and name.</summary>
public sealed class ModelCatalog
{
    private readonly ConcurrentDictionary<ModelKey, ServedModel> _models = new();

    public ServedModel? Find(ModelKey key) => _models.GetValueOrDefault(key);

    public ServedModel GetOrAdd(ModelKey key) => _models.GetOrAdd(key, static key => new ServedModel(key));

    public IReadOnlyList<ModelKey> Keys => [.. _models.Keys];

    public IReadOnlyList<ServedModel> ForTenant(string tenant) =>
        _models.Values.Where(model => model.Key.Tenant == tenant).OrderBy(model => model.Key.Name, StringComparer.Ordinal).ToList();

    /// <summary>Stops serving the model; requests already scoring on it finish. False when it was not served.</summary>
    public bool Remove(ModelKey key) => _models.TryRemove(key, out _);
}