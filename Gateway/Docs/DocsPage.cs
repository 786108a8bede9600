using System.Text;
using System.Text.Encodings.Web;

using MlOps.Gateway.Routing;

namespace MlOps.Gateway.Docs;

/// <summary>Renders the services' OpenAPI documents as one HTML page; every rendered value is HTML-encoded.</summary>
public static class DocsPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1b1b1b; }
        table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
        th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        td.method { font-family: monospace; font-weight: bold; width: 6rem; }
        td.path { font-family: monospace; }
        section { margin-top: 2rem; }
        .unavailable { color: #a00; }
        """;

    public static string Render(IReadOnlyList<BackendService> services, IReadOnlyList<OpenApiDocumentResult> documents, PathString pathBase)
    {
        var encoder = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>MlOps API</title>\n<style>\n")
            .Append(Style)
            .Append("</style>\n</head>\n<body>\n<h1>MlOps API</h1>\n")
            .Append("<p>Every request under <code>/api</code> needs <code>Authorization: Bearer &lt;api-key&gt;</code>.</p>\n");

        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            var resource = encoder.Encode(service.Resource);
            html.Append("<section id=\"").Append(resource).Append("\">\n<h2>").Append(resource)
                .Append(" <small><code>").Append(encoder.Encode(service.PathPrefix)).Append("</code></small></h2>\n");

            var summary = documents[i].Json is { } json ? OpenApiSummary.TryParse(json) : null;
            if (summary is null)
            {
                var reason = documents[i].Unavailable ?? "its answer is not an OpenAPI document.";
                html.Append("<p class=\"unavailable\">Unavailable: ").Append(encoder.Encode(reason)).Append("</p>\n</section>\n");
                continue;
            }

            html.Append("<p>").Append(encoder.Encode($"{summary.Title} {summary.Version}".Trim()))
                .Append(" · <a href=\"").Append(encoder.Encode($"{pathBase}/docs/{service.Resource}.json")).Append("\">OpenAPI document</a></p>\n")
                .Append("<table>\n<thead><tr><th>Method</th><th>Path</th><th>Summary</th></tr></thead>\n<tbody>\n");
            foreach (var operation in summary.Operations)
            {
                html.Append("<tr><td class=\"method\">").Append(encoder.Encode(operation.Method))
                    .Append("</td><td class=\"path\">").Append(encoder.Encode(operation.Path))
                    .Append("</td><td>").Append(encoder.Encode(operation.Summary ?? string.Empty))
                    .Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }
}