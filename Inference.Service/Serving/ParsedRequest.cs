namespace MlOps.Inference.Service.Serving;

/// <summary>
/// What reading a predict request produced: the rows to score, or the problems that reject it, or the fact that it
/// carried more rows than allowed. <see cref="IgnoredFields"/> names the fields the model does not know.
/// </summary>
public sealed record ParsedRequest(RequestTable? Table, RequestProblems Problems, bool TooManyRows, IReadOnlyCollection<string> IgnoredFields);