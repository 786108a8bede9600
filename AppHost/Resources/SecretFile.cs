using System.Security.Cryptography;

namespace MlOps.AppHost.Resources;

/// <summary>A generated secret kept in a file only its owner can read (mode 0600).</summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string NewToken(int bytes = 24)
    {
        return Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
    }

    public static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        string secret = create();
        // Written beside and renamed, so that a crash never leaves an empty secret behind.
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(secret);
        }

        File.Move(temporary, path, overwrite: true);
        return secret;
    }
}