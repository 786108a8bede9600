using System.Text;

using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Datasets;
using MlOps.Training.Service.Learning;

using Xunit;

namespace MlOps.ComponentTests.Learning;

public sealed class TrainingTableReaderTests
{
    private static readonly DatasetSchema Schema = new(
        [
            new DatasetColumn("age", FeatureKind.Numeric, 1, 3, null),
            new DatasetColumn("city", FeatureKind.Categorical, 1, 2, ["Oslo", "Rome"]),
            new DatasetColumn("member", FeatureKind.Boolean, 0, 2, ["no", "yes"]),
            new DatasetColumn("churned", FeatureKind.Categorical, 1, 2, ["n", "y"]),
        ],
        new DatasetLabel("churned", FeatureKind.Categorical, ["n", "y"]));

    [Fact]
    public async Task Columns_follow_the_schema_missing_values_are_marked_and_unlabelled_rows_left_out()
    {
        const string Csv = "city,age,member,churned\r\n Oslo ,31,yes,y\n\"Rome\",NA,No,n\nOslo,40,true,\nNA,22,false,n\n";

        var table = await TrainingTableReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Csv)), Schema, CancellationToken.None);

        Assert.Equal(3, table.Rows);
        Assert.Equal(["age", "city", "member"], table.Features.Select(feature => feature.Name));
        Assert.Equal([31f, float.NaN, 22f], table.Features[0].Numbers!);
        Assert.Equal(new string?[] { "Oslo", "Rome", null }, table.Features[1].Strings);
        Assert.Equal(new string?[] { "true", "false", "false" }, table.Features[2].Strings);
        Assert.Equal(new string?[] { "y", "n", "n" }, table.Label.Strings);
    }

    [Fact]
    public async Task A_header_that_does_not_match_the_schema_is_refused()
    {
        var csv = new MemoryStream(Encoding.UTF8.GetBytes("city,age,churned\nOslo,3,y\n"));

        await Assert.ThrowsAsync<InvalidDataException>(() => TrainingTableReader.ReadAsync(csv, Schema, CancellationToken.None));
    }

    [Fact]
    public async Task Rows_from_elsewhere_may_lack_features_and_carry_unknown_columns_and_follow_the_dataset()
    {
        var dataset = await TrainingTableReader.ReadAsync(
            new MemoryStream("city,age,member,churned\nOslo,31,yes,y\n"u8.ToArray()), Schema, CancellationToken.None);
        var served = await TrainingTableReader.ReadAsync(
            new MemoryStream("age,churned,shoe_size\n44,n,42\n,y,40\n"u8.ToArray()), Schema, CancellationToken.None, featuresMayBeAbsent: true);

        var table = dataset.Concat(served);

        Assert.Equal(3, table.Rows);
        Assert.Equal(["age", "city", "member"], table.Features.Select(feature => feature.Name));
        Assert.Equal([31f, 44f, float.NaN], table.Features[0].Numbers!);
        Assert.Equal(new string?[] { "Oslo", null, null }, table.Features[1].Strings);
        Assert.Equal(new string?[] { "true", null, null }, table.Features[2].Strings);
        Assert.Equal(new string?[] { "y", "n", "y" }, table.Label.Strings);
    }

    [Fact]
    public async Task Rows_from_elsewhere_without_the_label_column_are_refused()
    {
        var csv = new MemoryStream("city,age,member\nOslo,3,yes\n"u8.ToArray());

        await Assert.ThrowsAsync<InvalidDataException>(() => TrainingTableReader.ReadAsync(csv, Schema, CancellationToken.None, featuresMayBeAbsent: true));
    }
}