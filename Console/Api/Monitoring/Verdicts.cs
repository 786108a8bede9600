namespace MlOps.Console.Api.Monitoring;

/// <summary>A drift verdict in a word a status badge shows: drifted, passed, or too few rows to tell.</summary>
public static class Verdicts
{
    public const string Drifted = "drifted";
    public const string Passed = "passed";
    public const string TooFewRows = "too few rows";

    public static string Of(DriftVerdict verdict) => Of(verdict.Drifted, verdict.InsufficientData);

    public static string Of(SeriesDrift series) => Of(series.Drifted, series.InsufficientData);

    public static string Of(ConceptDrift concept) => Of(concept.Drifted, concept.InsufficientData);

    private static string Of(bool drifted, bool insufficientData) => insufficientData ? TooFewRows : drifted ? Drifted : Passed;
}