using System.Text.Json;

using MlOps.Contracts.IntegrationEvents;
using MlOps.Monitoring.Service.Infrastructure;
using MlOps.Monitoring.Service.Profiles;

using Xunit;

namespace MlOps.ComponentTests.Monitoring;

public sealed class RowBinnerTests
{
    private static readonly DateTimeOffset Bucket = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_feature_is_counted_in_its_reference_bin_by_name_and_an_absent_one_as_missing()
    {
        var row = MonitoredModel.Rows("default", 1, seed: 1, shifted: false, Bucket)[0] with
        {
            Inputs = JsonSerializer.SerializeToElement(new { color = "green", unknown = 3 }),
        };

        var counts = Count(row);

        Assert.Equal(1, counts[Key("x", FeatureBinning.Missing)]);
        Assert.Equal(1, counts[Key("color", 1)]);
        Assert.Equal(2, counts.Keys.Count(key => key.Series == Series.Feature));
    }

    [Fact]
    public void A_row_whose_inputs_are_not_an_object_counts_every_feature_as_missing()
    {
        var row = MonitoredModel.Rows("default", 1, seed: 1, shifted: false, Bucket)[0] with
        {
            Inputs = JsonSerializer.SerializeToElement<object?>(null),
        };

        var counts = Count(row);

        Assert.Equal(1, counts[Key("x", FeatureBinning.Missing)]);
        Assert.Equal(1, counts[Key("color", FeatureBinning.Missing)]);
        Assert.Equal(1, counts.Keys.Count(key => key.Series == Series.Prediction));
    }

    [Fact]
    public void A_block_counted_from_its_columns_gives_the_counts_of_its_rows_one_by_one()
    {
        var rows = MonitoredModel.Rows("default", 300, seed: 3, shifted: true, Bucket.AddMinutes(5));
        rows[7] = rows[7] with { Inputs = JsonSerializer.SerializeToElement(new { color = "purple" }) };
        rows[8] = rows[8] with { Inputs = JsonSerializer.SerializeToElement(new { x = "12.5", color = true }) };
        var reference = ReferenceProfile.From(MonitoredModel.Manifest());
        var byRow = new Dictionary<BinKey, long>();
        var byColumn = new Dictionary<BinKey, long>();

        RowBinner.Count(byRow, reference, rows, time => time.AddMinutes(-time.Minute));
        var block = PredictionsLogged.Of(rows).Block();
        RowBinner.Count(byColumn, reference, block, Enumerable.Range(0, block.Count), time => time.AddMinutes(-time.Minute));

        Assert.Equal(byRow.OrderBy(pair => pair.Key.ToString()), byColumn.OrderBy(pair => pair.Key.ToString()));
        Assert.Equal(300, byColumn.Where(pair => pair.Key.Series == Series.Latency).Sum(pair => pair.Value));
    }

    private static Dictionary<BinKey, long> Count(LoggedPrediction row)
    {
        var counts = new Dictionary<BinKey, long>();
        RowBinner.Count(counts, ReferenceProfile.From(MonitoredModel.Manifest()), [row], _ => Bucket);
        return counts;
    }

    private static BinKey Key(string feature, short bin) =>
        new("default", MonitoredModel.Name, 1, Bucket, Series.Feature, feature, bin);
}