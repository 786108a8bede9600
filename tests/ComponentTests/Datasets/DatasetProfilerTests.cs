using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Datasets;

using Xunit;

namespace MlOps.ComponentTests.Datasets;

public sealed class DatasetProfilerTests
{
    private static readonly byte[] Pima = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Datasets", "Data", "pima-diabetes.csv"));

    [Fact]
    public void Pima_has_eight_numeric_features_and_a_two_class_label()
    {
        var (schema, profile) = CsvParsing.Profile(Pima, "diabetes");

        Assert.Equal(768, profile.Rows);
        Assert.Equal(9, schema.Columns.Count);
        Assert.All(schema.Columns.Take(8), column => Assert.Equal(FeatureKind.Numeric, column.Kind));
        Assert.Equal("diabetes", schema.Label.Name);
        Assert.Equal(FeatureKind.Categorical, schema.Label.Kind);
        Assert.Equal(["neg", "pos"], schema.Label.Classes);
        Assert.Equal([new CategoryFrequency("neg", 500), new CategoryFrequency("pos", 268)], profile.LabelDistribution);
    }

    [Fact]
    public void Numeric_bins_count_every_value_and_edges_span_min_to_max()
    {
        var (_, profile) = CsvParsing.Profile(Pima, "diabetes");

        foreach (var column in profile.Columns.Where(c => c.Kind == FeatureKind.Numeric))
        {
            Assert.Equal(column.Count, column.BinCounts!.Sum());
            Assert.Equal(column.BinEdges!.Count - 1, column.BinCounts!.Count);
            Assert.Equal(column.Min, column.BinEdges[0]);
            Assert.Equal(column.Max, column.BinEdges[^1]);
            Assert.Equal(column.BinEdges.Distinct().Count(), column.BinEdges.Count);
            Assert.True(column.BinCounts.Count > 1, column.Name);
        }

        var age = profile.Columns.Single(c => c.Name == "age");
        Assert.Equal(21, age.Min);
        Assert.Equal(81, age.Max);
        Assert.Equal(33.24, age.Mean!.Value, precision: 2);
        Assert.Equal(11.76, age.Std!.Value, precision: 2);
    }

    [Fact]
    public void Kinds_are_inferred_and_missing_tokens_are_counted_not_categories()
    {
        var rows = Enumerable.Range(0, 40).Select(i =>
            $"{i * 1.5},{(i % 2 == 0 ? "Yes" : "no")},{(i % 3) switch { 0 => "red", 1 => "green", _ => "NA" }},note number {i},{i % 4},{(i % 5 == 0 ? "null" : "x")}");
        var csv = "amount,member,colour,comment,level,y\n" + string.Join('\n', rows);

        var (schema, profile) = CsvParsing.Profile(csv, "amount");

        Assert.Equal(
            [FeatureKind.Numeric, FeatureKind.Boolean, FeatureKind.Categorical, FeatureKind.Text, FeatureKind.Categorical, FeatureKind.Categorical],
            schema.Columns.Select(c => c.Kind));
        var colour = profile.Columns.Single(c => c.Name == "colour");
        Assert.Equal(13, colour.Missing);
        Assert.Equal(27, colour.Count);
        Assert.Equal(["green", "red"], colour.TopCategories!.Select(c => c.Value).Order());
        Assert.Equal(["green", "red"], schema.Columns.Single(c => c.Name == "colour").Categories);
        Assert.Equal(8, profile.Columns.Single(c => c.Name == "y").Missing);
        Assert.Equal(FeatureKind.Numeric, schema.Label.Kind);
        Assert.Null(schema.Label.Classes);
        Assert.Null(profile.LabelDistribution);
    }

    [Fact]
    public void An_integer_label_with_few_values_is_a_class_label()
    {
        var csv = "x,grade\n" + string.Join('\n', Enumerable.Range(0, 30).Select(i => $"{i},{i % 3}"));

        var (schema, profile) = CsvParsing.Profile(csv, "grade");

        Assert.Equal(FeatureKind.Categorical, schema.Label.Kind);
        Assert.Equal(["0", "1", "2"], schema.Label.Classes);
        Assert.Equal(30, profile.LabelDistribution!.Sum(c => c.Count));
    }

    [Fact]
    public void A_constant_numeric_column_has_one_bin_holding_every_value()
    {
        var csv = "x,c,label\n" + string.Join('\n', Enumerable.Range(0, 10).Select(i => $"{i},7.5,{(i < 5 ? "a" : "b")}"));

        var (_, profile) = CsvParsing.Profile(csv, "label");

        var constant = profile.Columns.Single(c => c.Name == "c");
        Assert.Equal([7.5, 7.5], constant.BinEdges);
        Assert.Equal([10L], constant.BinCounts);
    }

    [Theory]
    [InlineData("a,b,a\n1,2,3\n", "'a' appears more than once", 1)]
    [InlineData("a,,c\n1,2,3\n", "Column 2 of the header has an empty name", 1)]
    [InlineData("a,b,c\n1,2,3\n4,5\n", "2 fields but the header has 3", 3)]
    [InlineData("a,b,c\n1,2,3\n\"x\ny\",5,6\n7,8,9,10\n", "4 fields but the header has 3", 5)]
    public void Malformed_tables_are_errors_that_name_the_line(string csv, string expected, long line)
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvParsing.Profile(csv, "c"));

        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  \n \n", "c", "body", "no header")]
    [InlineData("a,b,c\n", "c", "body", "no data rows")]
    [InlineData("a,b\n1,2\n", "c", "label", "the columns are: a, b")]
    [InlineData("a,c\n1,x\n2,x\n", "c", "label", "only one class ('x')")]
    [InlineData("a,c\n1,NA\n2,\n", "c", "label", "no values")]
    public void Unusable_datasets_are_rejected_naming_the_field(string csv, string label, string field, string expected)
    {
        var error = Assert.Throws<DatasetRejectedException>(() => CsvParsing.Profile(csv, label));

        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_bytes_always_give_the_same_profile()
    {
        var first = CsvParsing.Profile(Pima, "diabetes").Profile;
        var second = CsvParsing.Profile(Pima, "diabetes").Profile;

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(first),
            System.Text.Json.JsonSerializer.Serialize(second));
    }
}