using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using MlOps.AppHost.Resources;

using Xunit;

namespace MlOps.EndToEndTests;

/// <summary>Corrupt and hostile uploads and requests sent through the gateway to the running system.</summary>
public sealed class HostileInputThroughGatewayTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("mlops-e2e-hostile-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Corrupt_or_hostile_input_is_a_400_naming_the_problem_and_stores_nothing()
    {
        await using var system = await AspireSystem.StartAsync(_data, FreePort.Next(), "mlops_e2e_" + Guid.NewGuid().ToString("N"));
        using var client = system.CreateClient();
        var pima = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "pima-diabetes.csv"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/training/datasets/pima?label=diabetes", new ByteArrayContent(pima))).StatusCode);

        (byte[] Body, string Label, string Expected)[] datasets =
        [
            ([], "diabetes", "empty"),
            ("a,b\n1,2\n3\n"u8.ToArray(), "b", "Line 3"),
            ("a,b,a\n1,2,3\n"u8.ToArray(), "b", "'a' appears more than once"),
            ("a,b\n1,2\n3,\"open\n4,5\n"u8.ToArray(), "b", "never closed"),
            (pima, "no_such_column", "the columns are"),
        ];
        foreach (var (body, label, expected) in datasets)
        {
            var response = await client.PostAsync($"/api/training/datasets/hostile?label={label}", new ByteArrayContent(body));
            await AssertProblemAsync(response, expected);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/training/datasets/hostile")).StatusCode);

        string[] jobs =
        [
            """{"model":"pima","dataset":{"name":"pima"},"trainers":["NoSuchTrainer"]}""",
            """{"model":"pima","dataset":{"name":"pima"},"folds":-2}""",
            """{"model":"pima","dataset":{"name":"pima"},"search":{"trials":0}}""",
        ];
        foreach (var job in jobs)
        {
            var response = await client.PostAsync("/api/training/jobs", new StringContent(job, Encoding.UTF8, "application/json"));
            await AssertProblemAsync(response, null);
        }

        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/training/jobs")).GetArrayLength());

        var trained = await TrainingJobs.TrainAsync(client, new { model = "pima", dataset = new { name = "pima" }, trainers = new[] { "LightGbm" }, search = new { trials = 1 }, folds = 2 }, TimeSpan.FromMinutes(5));
        Assert.True(trained.GetProperty("status").GetString() == "succeeded", trained.ToString());
        var package = await client.GetByteArrayAsync("/api/registry/models/pima/versions/1/artifact");

        (byte[] Package, string Expected)[] packages =
        [
            ([], "empty"),
            ("definitely not a zip archive"u8.ToArray(), "is not a zip archive"),
            (Repack(package, ("../../etc/cron.d/evil", [1, 2, 3])), "path traversal"),
            (Repack(package, ("model.zip", Bomb())), "the limit is 1073741824 bytes uncompressed"),
        ];
        foreach (var (body, expected) in packages)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            await AssertProblemAsync(await client.PostAsync("/api/registry/models/pima/versions", content), expected);
        }

        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/registry/models/pima/versions")).GetArrayLength());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string? expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().ToList();
        Assert.NotEmpty(errors);
        if (expected is not null)
        {
            Assert.Contains(errors, error => error.Value.EnumerateArray().Any(message => message.GetString()!.Contains(expected, StringComparison.Ordinal)));
        }
    }

    /// <summary>The package's entries with <paramref name="replacement"/> added, or replacing the entry of its name.</summary>
    private static byte[] Repack(byte[] package, (string Name, byte[] Content) replacement)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.Where(entry => entry.FullName != replacement.Name))
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                from.CopyTo(to);
            }

            using var added = target.CreateEntry(replacement.Name, CompressionLevel.NoCompression).Open();
            added.Write(replacement.Content);
        }

        return output.ToArray();
    }

    /// <summary>A model archive of about a megabyte whose one entry inflates to just over the 1 GiB cap.</summary>
    private static byte[] Bomb()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("Model/Weights", CompressionLevel.Fastest).Open())
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 1025; i++)
            {
                entry.Write(zeros);
            }
        }

        return output.ToArray();
    }
}