namespace MlOps.Training.Service.Learning;

/// <summary>
/// Names of the columns the pipeline adds. They carry a prefix no CSV header is expected to use, so they never
/// collide with a dataset's own columns, which keep their names as the model's inputs.
/// </summary>
public static class ColumnNames
{
    public const string Label = "__Label";
    public const string Features = "__Features";
    public const string Weight = "__Weight";

    public static string Derived(string column, string suffix) => $"__{column}__{suffix}";
}