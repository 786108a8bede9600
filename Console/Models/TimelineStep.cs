namespace MlOps.Console.Models;

/// <summary>One step of a model's story, from Monitoring's audit or the registry's history, with links to what it names.</summary>
public sealed record TimelineStep(DateTimeOffset At, string Source, string Action, string Title, string Detail, IReadOnlyList<TimelineLink> Links);

/// <summary>A link from a timeline step: <see cref="Kind"/> is alert, report, job, run, dataset or version.</summary>
public sealed record TimelineLink(string Kind, string Label, string Href);