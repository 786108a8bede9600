using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MlOps.Gateway.Keys;

public static class ApiKeySecret
{
    private const string Prefix = "mlops_";

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}