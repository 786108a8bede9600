using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MlOps.Training.Service.Tracking;

/// <summary>The opaque token of a search page: the base64url of how many runs precede it.</summary>
public static class PageToken
{
    public const string Rule = "'pageToken' must be a nextPageToken returned by an earlier search.";
    private const string Prefix = "offset:";

    public static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? token, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        if (!Base64Url.IsValid(token))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }
}