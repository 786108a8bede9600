namespace MlOps.Contracts.ModelPackages;

/// <summary>A model package that cannot be accepted; the message says precisely why.</summary>
public sealed class InvalidModelPackageException : Exception
{
    public InvalidModelPackageException(string message)
        : base(message)
    {
    }

    public InvalidModelPackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}