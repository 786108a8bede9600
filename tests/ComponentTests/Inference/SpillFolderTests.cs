using System.Text.Json;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Inference.Service.Infrastructure;
using MlOps.Inference.Service.Serving;

using Xunit;

namespace MlOps.ComponentTests.Inference;

public sealed class SpillFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-spill-test-").FullName;

    [Fact]
    public void A_spilled_batch_reads_back_with_its_id_and_rows()
    {
        var spill = Open();
        var id = Guid.CreateVersion7();
        var row = new LoggedPrediction(Guid.CreateVersion7(), "pima", 1, "champion", JsonSerializer.SerializeToElement(new { Glucose = 148 }),
            "1", null, null, 0.1, DateTimeOffset.UtcNow, "acme");

        Assert.True(spill.TryWrite(id, PredictionsLogged.Of([row])));
        var (readId, batch) = Open().PeekOldest();

        Assert.Equal(id, readId);
        Assert.Equal(row.PredictionId, Assert.Single(batch!.Read()).PredictionId);
    }

    [Fact]
    public void A_file_without_encoded_rows_is_reported_unreadable_rather_than_replayed()
    {
        File.WriteAllText(Path.Combine(_folder, $"{Guid.CreateVersion7():N}.json"), """{"predictions":[]}""");

        var (_, batch) = Open().PeekOldest();

        Assert.Null(batch);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SpillFolder Open() =>
        new(Options.Create(new InferenceOptions { SpillFolder = _folder }), NullLogger<SpillFolder>.Instance);
}