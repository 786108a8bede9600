using System.Globalization;

namespace MlOps.Training.Service.Learning;

/// <summary>A trial's hyper-parameter values by name.</summary>
public sealed class HyperParameters(IReadOnlyDictionary<string, double> values)
{
    public IReadOnlyDictionary<string, double> Values { get; } = values;

    public int Int(string name) => (int)Values[name];

    public float Float(string name) => (float)Values[name];

    public double Double(string name) => Values[name];

    public override string ToString() =>
        string.Join(", ", Values.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}")));
}