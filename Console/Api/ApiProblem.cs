using System.Text.Json;

namespace MlOps.Console.Api;

/// <summary>An error the API answered with (its ProblemDetails), or the gateway being unreachable.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static ApiProblem Unreachable(string detail) =>
        new(503, "The gateway is unreachable", detail, new Dictionary<string, string[]>());

    /// <summary>One line: the title, the detail, then each field with its messages.</summary>
    public string Describe()
    {
        var parts = new List<string> { Title };
        if (!string.IsNullOrWhiteSpace(Detail))
        {
            parts.Add(Detail);
        }

        parts.AddRange(Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
        return string.Join(" — ", parts);
    }

    public static ApiProblem Read(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : $"HTTP {status}";
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var errors = new Dictionary<string, string[]>();
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in e.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? [.. field.Value.EnumerateArray().Select(message => message.ToString())]
                        : [field.Value.ToString()];
                }
            }

            return new ApiProblem(status, title, detail, errors);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, $"HTTP {status}", body.Length > 300 ? body[..300] : body, new Dictionary<string, string[]>());
        }
    }
}