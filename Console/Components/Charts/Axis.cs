namespace MlOps.Console.Components.Charts;

/// <summary>A linear mapping of a value range onto pixels, with round tick values.</summary>
public sealed class Axis
{
    /// <param name="minimumSpan">
    /// The narrowest range shown: a narrower one is widened around its middle. Without a minimum, a single value
    /// is widened by a fifth of itself, or to 1 around zero.
    /// </param>
    /// <param name="steps">The tick steps allowed, smallest first (such as whole minutes and hours); unset: 1, 2 or 5 × 10ⁿ.</param>
    public Axis(double min, double max, double pixelStart, double pixelEnd, int tickCount = 5, double minimumSpan = 0, IReadOnlyList<double>? steps = null)
    {
        var wanted = max > min || minimumSpan > 0 ? minimumSpan : min == 0 ? 1 : Math.Abs(min) * 0.2;
        if (max - min < wanted)
        {
            var middle = (min + max) / 2;
            (min, max) = (middle - (wanted / 2), middle + (wanted / 2));
        }

        var rough = (max - min) / Math.Max(1, tickCount);
        var step = steps?.FirstOrDefault(candidate => candidate >= rough, steps[^1]) ?? NiceStep(rough);
        Min = Math.Floor(min / step) * step;
        Max = Math.Ceiling(max / step) * step;
        Step = step;
        PixelStart = pixelStart;
        PixelEnd = pixelEnd;
    }

    /// <summary>Tick steps for Unix seconds: round minutes, hours and days (UTC).</summary>
    public static readonly IReadOnlyList<double> TimeSteps = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000];

    public double Min { get; }

    public double Max { get; }

    public double Step { get; }

    public double PixelStart { get; }

    public double PixelEnd { get; }

    public double this[double value] => PixelStart + ((value - Min) / (Max - Min) * (PixelEnd - PixelStart));

    public IEnumerable<double> Ticks()
    {
        for (var i = 0; Min + (i * Step) <= Max + (Step / 1e6); i++)
        {
            yield return Min + (i * Step);
        }
    }

    private static double NiceStep(double rough)
    {
        if (rough <= 0 || double.IsNaN(rough) || double.IsInfinity(rough))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        return magnitude * (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10);
    }
}