namespace MlOps.Console.Account;

public static class OperatorCookie
{
    public const string Name = "mlops-console";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
}