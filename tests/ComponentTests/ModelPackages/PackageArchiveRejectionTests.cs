using System.IO.Compression;

using MlOps.Contracts.ModelPackages;

using Xunit;

namespace MlOps.ComponentTests.ModelPackages;

public sealed class PackageArchiveRejectionTests
{
    private static readonly byte[] ManifestBytes = System.Text.Encoding.UTF8.GetBytes(TestPackages.ManifestJson().ToJsonString());

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        Assert.Equal("The package is empty (0 bytes).", await TestPackages.RejectionAsync([]));
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_refused()
    {
        var garbage = System.Text.Encoding.UTF8.GetBytes("model,version\nchurn,1\n");

        Assert.StartsWith("The package is not a zip archive, or is truncated:", await TestPackages.RejectionAsync(garbage));
    }

    [Fact]
    public async Task A_truncated_package_is_refused()
    {
        var package = await TestPackages.WriteAsync(TestPackages.Manifest(), TestPackages.Model());

        Assert.StartsWith("The package is not a zip archive, or is truncated:", await TestPackages.RejectionAsync(package[..(package.Length / 2)]));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\evil.dll")]
    [InlineData("C:evil")]
    [InlineData("models/model.zip")]
    public async Task An_entry_name_with_a_path_is_refused_as_path_traversal(string name)
    {
        var package = TestPackages.Zip(
            ("manifest.json", ManifestBytes, CompressionLevel.Optimal),
            ("model.zip", TestPackages.Model(), CompressionLevel.NoCompression),
            (name, [1, 2, 3], CompressionLevel.Optimal));

        var message = await TestPackages.RejectionAsync(package);

        Assert.Contains($"entries with a path ('{name}')", message);
        Assert.Contains("path traversal", message);
    }

    [Fact]
    public async Task An_extra_entry_is_refused_by_name()
    {
        var package = TestPackages.Zip(
            ("manifest.json", ManifestBytes, CompressionLevel.Optimal),
            ("model.zip", TestPackages.Model(), CompressionLevel.NoCompression),
            ("notes.txt", [1], CompressionLevel.Optimal));

        Assert.Equal(
            "The package has unexpected entries ('notes.txt'); it must hold exactly 'manifest.json' and 'model.zip'.",
            await TestPackages.RejectionAsync(package));
    }

    [Fact]
    public async Task A_missing_model_is_refused()
    {
        var package = TestPackages.Zip(("manifest.json", ManifestBytes, CompressionLevel.Optimal));

        Assert.StartsWith("The package has no 'model.zip' entry", await TestPackages.RejectionAsync(package));
    }

    [Fact]
    public async Task A_missing_manifest_is_refused()
    {
        var package = TestPackages.Zip(("model.zip", TestPackages.Model(), CompressionLevel.NoCompression));

        Assert.StartsWith("The package has no 'manifest.json' entry", await TestPackages.RejectionAsync(package));
    }

    [Fact]
    public async Task A_duplicated_entry_is_refused()
    {
        var package = TestPackages.Zip(
            ("manifest.json", ManifestBytes, CompressionLevel.Optimal),
            ("manifest.json", ManifestBytes, CompressionLevel.Optimal),
            ("model.zip", TestPackages.Model(), CompressionLevel.NoCompression));

        Assert.StartsWith("The package has 2 entries named 'manifest.json'", await TestPackages.RejectionAsync(package));
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_by_its_compression_ratio_before_it_is_inflated()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var manifest = archive.CreateEntry("manifest.json").Open())
            {
                manifest.Write(ManifestBytes);
            }

            using var model = archive.CreateEntry("model.zip", CompressionLevel.Optimal).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
            {
                model.Write(zeros);
            }
        }

        var message = await TestPackages.RejectionAsync(zip.ToArray());

        Assert.Matches(@"^Entry 'model\.zip' of the package declares 314572800 bytes from \d+ compressed, a compression ratio above the limit of 200:1", message);
    }

    [Fact]
    public async Task An_entry_larger_than_the_limit_is_refused()
    {
        var model = TestPackages.Zip(("Model/Weights", Incompressible(20_000), CompressionLevel.NoCompression));
        var package = TestPackages.WithModel(model);

        var message = await TestPackages.RejectionAsync(package, new ModelPackageLimits { MaxTotalBytes = 10_000 });

        Assert.Equal($"Entry 'model.zip' of the package declares {model.Length} bytes; the limit is 10000 bytes uncompressed.", message);
    }

    [Fact]
    public async Task A_manifest_larger_than_its_limit_is_refused()
    {
        var message = await TestPackages.RejectionAsync(TestPackages.WithModel(TestPackages.Model()), new ModelPackageLimits { MaxManifestBytes = 100 });

        Assert.Equal($"Entry 'manifest.json' of the package declares {ManifestBytes.Length} bytes; the limit is 100 bytes uncompressed.", message);
    }

    [Fact]
    public async Task The_total_is_counted_while_inflating_across_entries()
    {
        var model = TestPackages.Model();
        var limits = new ModelPackageLimits { MaxTotalBytes = ManifestBytes.Length + model.Length - 1 };

        var message = await TestPackages.RejectionAsync(TestPackages.WithModel(model), limits);

        Assert.Equal($"The package inflates to more than the limit of {limits.MaxTotalBytes} bytes in all (at 'model.zip').", message);
    }

    [Fact]
    public async Task A_model_that_is_not_a_zip_is_refused()
    {
        var message = await TestPackages.RejectionAsync(TestPackages.WithModel("not a model"u8.ToArray()));

        Assert.StartsWith("'model.zip' is not a zip archive, or is truncated:", message);
    }

    [Fact]
    public async Task A_model_whose_entries_inflate_past_the_limit_is_refused()
    {
        var model = TestPackages.Zip(
            ("Model/A", new byte[60_000], CompressionLevel.Optimal),
            ("Model/B", new byte[60_000], CompressionLevel.Optimal));
        var limits = new ModelPackageLimits { MaxTotalBytes = 100_000 };

        var message = await TestPackages.RejectionAsync(TestPackages.WithModel(model), limits);

        Assert.Equal("'model.zip' inflates to more than the limit of 100000 bytes in all (at 'Model/B').", message);
    }

    [Fact]
    public async Task A_corrupt_model_entry_is_refused()
    {
        var model = TestPackages.Zip(("Model/Weights", Incompressible(5_000), CompressionLevel.Optimal));
        // Flip bytes in the middle of the entry's data: its CRC no longer matches what inflates.
        for (var i = 2_000; i < 2_100; i++)
        {
            model[i] ^= 0xFF;
        }

        var message = await TestPackages.RejectionAsync(TestPackages.WithModel(model));

        Assert.StartsWith("Entry 'Model/Weights' of 'model.zip' is corrupt:", message);
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_refused_as_an_argument()
    {
        var package = await TestPackages.WriteAsync(TestPackages.Manifest(), TestPackages.Model());

        await Assert.ThrowsAsync<ArgumentException>(() =>
            ModelPackage.ReadAsync(new ForwardOnlyStream(package), ModelPackageLimits.Default, CancellationToken.None));
    }

    private static byte[] Incompressible(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}