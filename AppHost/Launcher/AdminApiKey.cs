using System.Buffers.Text;
using System.Security.Cryptography;

namespace MlOps.AppHost.Launcher;

/// <summary>The bootstrap admin API key handed to the gateway, which keeps only its hash in its key store.</summary>
internal static class AdminApiKey
{
    private const string Prefix = "mlops_";

    public static string StorePath(LauncherOptions options)
    {
        return Path.Combine(options.DataDirectory, "gateway", "api-keys.json");
    }

    /// <summary>
    /// MLOPS_API_KEY when set; otherwise a new key on the first start (no key store yet), which must be shown to the
    /// user; otherwise none.
    /// </summary>
    public static (string? Key, bool IsNew) Resolve(LauncherOptions options)
    {
        if (options.ApiKey is not null)
        {
            return (options.ApiKey, false);
        }

        return File.Exists(StorePath(options))
            ? (null, false)
            : (Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), true);
    }
}