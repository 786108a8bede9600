namespace MlOps.Contracts.ModelPackages;

/// <summary>A model package that passed every check: its manifest and the ML.NET model archive, held in memory.</summary>
public sealed class ModelPackageContents
{
    private readonly byte[] _model;
    private readonly int _modelLength;

    internal ModelPackageContents(ModelManifest manifest, byte[] model, int modelLength)
    {
        Manifest = manifest;
        _model = model;
        _modelLength = modelLength;
    }

    public ModelManifest Manifest { get; }

    /// <summary>The bytes of <c>model.zip</c>, the ML.NET model with every featurisation step.</summary>
    public ReadOnlyMemory<byte> Model => _model.AsMemory(0, _modelLength);

    /// <summary>A new read-only, seekable stream over <see cref="Model"/>, for ML.NET's <c>Model.Load</c>.</summary>
    public Stream OpenModel() => new MemoryStream(_model, 0, _modelLength, writable: false);
}