using System.Globalization;

namespace MlOps.Console.Components.Charts;

/// <summary>Each series differs in dash pattern and marker as well as colour, so a chart reads without colour.</summary>
public static class ChartStyles
{
    private static readonly string[] Colours = ["#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#be185d", "#0e7490", "#4b5563"];
    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "3 5"];

    public static string Colour(int index) => Colours[index % Colours.Length];

    public static string Dash(int index) => Dashes[index % Dashes.Length];

    /// <summary>A marker: circle, square, triangle, diamond, cross… by series.</summary>
    public static string Marker(int index, double x, double y, double size = 3.5) => (index % 4) switch
    {
        0 => $"M{F(x - size)},{F(y)}a{F(size)},{F(size)} 0 1,0 {F(2 * size)},0a{F(size)},{F(size)} 0 1,0 {F(-2 * size)},0",
        1 => $"M{F(x - size)},{F(y - size)}h{F(2 * size)}v{F(2 * size)}h{F(-2 * size)}z",
        2 => $"M{F(x)},{F(y - size)}L{F(x + size)},{F(y + size)}L{F(x - size)},{F(y + size)}z",
        _ => $"M{F(x)},{F(y - size)}L{F(x + size)},{F(y)}L{F(x)},{F(y + size)}L{F(x - size)},{F(y)}z",
    };

    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A tick label: short, without trailing zeros.</summary>
    public static string Label(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude >= 1_000_000 ? (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M"
            : magnitude >= 10_000 ? (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k"
            : magnitude >= 100 || magnitude == 0 ? value.ToString("0", CultureInfo.InvariantCulture)
            : magnitude >= 1 ? value.ToString("0.##", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}