using System.Buffers.Text;
using System.Security.Cryptography;

namespace MlOps.AppHost;

/// <summary>
/// The API keys the AppHost hands the gateway, which keeps only their hashes in its key store: the bootstrap admin key
/// (MLOPS_API_KEY, or one generated on the first start and shown once) and the dashboard's own key, which its resource
/// commands call the public API with (generated once, kept in the data folder with mode 0600).
/// </summary>
internal static class AdminApiKey
{
    private const string Prefix = "mlops_";

    public static string StorePath(AppHostOptions options) => Path.Combine(options.DataFolder("gateway"), "api-keys.json");

    /// <summary>MLOPS_API_KEY when set; otherwise a new key on the first start (no key store yet); otherwise none.</summary>
    public static (string? Key, bool IsNew) Resolve(AppHostOptions options)
    {
        if (options.ApiKey is not null)
        {
            return (options.ApiKey, false);
        }

        return File.Exists(StorePath(options)) ? (null, false) : (NewKey(), true);
    }

    public static string Dashboard(AppHostOptions options)
    {
        string folder = options.DataFolder("apphost");
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Resources.SecretFile.ReadOrCreate(Path.Combine(folder, "dashboard-api-key"), NewKey);
    }

    private static string NewKey() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}