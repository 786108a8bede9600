namespace MlOps.Inference.Service.Serving;

/// <summary>What happens to a categorical value outside the categories the model was trained on.</summary>
public enum UnseenCategoryPolicy
{
    /// <summary>The request is answered 400, naming the row and field.</summary>
    Reject,

    /// <summary>The value is scored as unknown, the way a missing value was seen in training.</summary>
    MapToUnknown,
}