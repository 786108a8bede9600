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
        var row = Row();

        Assert.True(spill.TryWrite(id, PredictionsLogged.Of([row])));
        var (readId, batch) = Open().ReadOldest()!.Value;

        Assert.Equal(id, readId);
        Assert.Equal(row.PredictionId, Assert.Single(batch.Read()).PredictionId);
    }

    [Fact]
    public void A_file_without_encoded_rows_is_set_aside_rather_than_replayed()
    {
        var path = Path.Combine(_folder, $"{Guid.CreateVersion7():N}.json");
        File.WriteAllText(path, """{"predictions":[]}""");
        var spill = Open();

        Assert.Null(spill.ReadOldest());
        Assert.False(spill.HasBatches);
        Assert.True(File.Exists(path + SpillFolder.UnreadableSuffix));
    }

    [Fact]
    public void A_batch_past_the_byte_bound_is_refused_and_the_folder_is_full_until_a_batch_is_replayed()
    {
        var spill = Open(maxBytes: 1);
        var first = PredictionsLogged.Of([Row()]);
        Assert.True(spill.TryWrite(Guid.CreateVersion7(), first, withinBound: false));
        Assert.True(spill.IsFull);

        var spacious = Open(maxBytes: 2 * spill.Bytes + 100);
        Assert.False(spacious.IsFull);
        Assert.True(spacious.TryWrite(Guid.CreateVersion7(), PredictionsLogged.Of([Row()])));
        Assert.False(spacious.TryWrite(Guid.CreateVersion7(), PredictionsLogged.Of([Row(), Row(), Row()])));
        Assert.True(spacious.IsFull);

        spacious.RemoveOldest();

        Assert.False(spacious.IsFull);
        Assert.Single(Directory.GetFiles(_folder, "*.json"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static LoggedPrediction Row() =>
        new(Guid.CreateVersion7(), "pima", 1, "champion", JsonSerializer.SerializeToElement(new { Glucose = 148 }),
            "1", null, null, 0.1, DateTimeOffset.UtcNow, "acme");

    private SpillFolder Open(long maxBytes = 1L << 30) =>
        new(Options.Create(new InferenceOptions { SpillFolder = _folder, MaxSpillBytes = maxBytes }), NullLogger<SpillFolder>.Instance);
}