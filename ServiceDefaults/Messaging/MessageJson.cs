using System.Text.Json;

namespace MlOps.ServiceDefaults.Messaging;

internal static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}