using System.IO.Compression;

using MlOps.ComponentTests.ModelPackages;

namespace MlOps.ComponentTests.Registry;

/// <summary>Valid packages for a model, each with different model bytes so each has its own SHA-256.</summary>
internal static class RegistryPackages
{
    public static Task<byte[]> ForAsync(string model, int seed = 0)
    {
        var weights = new byte[2_000];
        new Random(seed).NextBytes(weights);
        var modelZip = TestPackages.Zip(("Model/Weights", weights, CompressionLevel.NoCompression));
        return TestPackages.WriteAsync(TestPackages.Manifest() with { Model = model }, modelZip);
    }
}