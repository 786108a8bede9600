namespace MlOps.Training.Service.Learning;

/// <summary>Metrics of one model on one evaluation set, with the confusion matrix for classifiers.</summary>
public sealed record Evaluation(IReadOnlyDictionary<string, double> Metrics, ConfusionReport? Confusion);

/// <summary><see cref="Counts"/>[actual][predicted], in the order of <see cref="Classes"/>.</summary>
public sealed record ConfusionReport(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<long>> Counts, IReadOnlyList<ClassReport> PerClass);

public sealed record ClassReport(string Class, double Precision, double Recall, double F1, long Support);