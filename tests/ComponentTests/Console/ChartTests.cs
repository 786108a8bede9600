using MlOps.Console.Components.Charts;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class ChartTests
{
    [Fact]
    public void An_axis_rounds_its_range_outwards_to_whole_ticks_and_maps_it_onto_the_pixels()
    {
        var axis = new Axis(0.773, 0.791, pixelStart: 200, pixelEnd: 0);

        Assert.Equal(0.77, axis.Min, 6);
        Assert.Equal(0.795, axis.Max, 6);
        Assert.Equal(200, axis[axis.Min], 6);
        Assert.Equal(0, axis[axis.Max], 6);
        Assert.All(axis.Ticks(), tick => Assert.InRange(tick, axis.Min - 1e-9, axis.Max + 1e-9));
    }

    [Fact]
    public void A_single_time_is_shown_within_the_minimum_span_not_over_years()
    {
        var noon = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        var axis = new Axis(noon, noon, 0, 600, tickCount: 6, minimumSpan: 7200);

        Assert.InRange(axis.Max - axis.Min, 7200, 3 * 7200);
        Assert.InRange(axis[noon], 0, 600);
    }

    [Fact]
    public void A_time_axis_ticks_on_round_times()
    {
        var from = new DateTimeOffset(2026, 12, 4, 7, 41, 13, TimeSpan.Zero).ToUnixTimeSeconds();
        var to = new DateTimeOffset(2026, 12, 4, 10, 26, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        var axis = new Axis(from, to, 0, 600, tickCount: 6, steps: Axis.TimeSteps);

        Assert.Equal(1800, axis.Step);
        Assert.All(axis.Ticks(), tick => Assert.Equal(0, tick % 1800));
        Assert.InRange(from, axis.Min, axis.Max);
        Assert.InRange(to, axis.Min, axis.Max);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.77)]
    [InlineData(-40.0)]
    public void A_single_value_gets_a_range_around_it(double value)
    {
        var axis = new Axis(value, value, 0, 100);

        Assert.True(axis.Max > axis.Min);
        Assert.InRange(value, axis.Min, axis.Max);
    }

    [Fact]
    public void Thinning_keeps_the_ends_and_the_peaks_within_the_budget()
    {
        var points = Enumerable.Range(0, 10_000).Select(i => new ChartPoint(i, i == 4_321 ? 1_000 : Math.Sin(i / 100.0))).ToList();

        var thinned = Thinning.Thin(points, 300);

        Assert.Equal(300, thinned.Count);
        Assert.Equal(points[0], thinned[0]);
        Assert.Equal(points[^1], thinned[^1]);
        Assert.Contains(new ChartPoint(4_321, 1_000), thinned);
        Assert.True(thinned.Zip(thinned.Skip(1)).All(pair => pair.First.X < pair.Second.X));
    }

    [Fact]
    public void Thinning_leaves_a_short_series_as_it_is()
    {
        var points = Enumerable.Range(0, 50).Select(i => new ChartPoint(i, i * 2)).ToList();

        Assert.Same(points, Thinning.Thin(points, 300));
    }
}