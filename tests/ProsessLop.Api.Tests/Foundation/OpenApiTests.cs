using System.Net;
using System.Text.Json;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

/// The OpenAPI document is held against the real endpoints: what it says about sign-in is what
/// the host does, every operation lists the problem documents it can answer, and no request
/// schema names a field the handler takes from somewhere else (route, If-Match) and ignores.
public sealed class OpenApiTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where Methods.Contains(operation.Name)
        select (path.Name, operation.Name, operation.Value);

    private static bool SignedIn(JsonElement operation) => operation.GetProperty("security").GetArrayLength() > 0;

    [Fact]
    public async Task EveryOperation_DeclaresItsSecurity_AndTheHostAgrees()
    {
        var document = await DocumentAsync();
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());

        var anonymous = app.CreateClient();
        var checkedOperations = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            Assert.True(operation.TryGetProperty("security", out var security), $"{method} {path} declares no security");
            foreach (var requirement in security.EnumerateArray())
            {
                Assert.True(requirement.TryGetProperty("Bearer", out _), $"{method} {path}: unknown security scheme");
            }

            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), Concrete(path, operation)));
            if (SignedIn(operation))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} needs sign-in by the document, but answered {(int)response.StatusCode} without it");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            else
            {
                Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{method} {path} is open by the document, but answered 401");
            }

            checkedOperations++;
        }

        Assert.True(checkedOperations > 50, $"only {checkedOperations} operations in the document");
    }

    [Fact]
    public async Task EveryOperation_ListsTheProblemDocumentsItCanAnswer()
    {
        var document = await DocumentAsync();
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
        foreach (var (path, method, operation) in Operations(document))
        {
            var expected = new List<int>();
            var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            var write = method != "get";
            if (parameters.Any(p => p.GetProperty("in").GetString() is "path" or "query") || operation.TryGetProperty("requestBody", out _))
            {
                expected.Add(400);
            }

            if (parameters.Any(p => p.GetProperty("in").GetString() == "path"))
            {
                expected.Add(404);
            }

            if (SignedIn(operation))
            {
                expected.AddRange([401, 403]);
                if (write)
                {
                    expected.AddRange([409, 429]);
                }

                if (method == "post")
                {
                    expected.Add(422);
                    Assert.True(parameters.Any(p => p.GetProperty("name").GetString() == "Idempotency-Key"), $"{method} {path} does not list Idempotency-Key");
                }
            }

            if (write && path.StartsWith("/api/programmes/{id}", StringComparison.Ordinal))
            {
                Assert.True(parameters.Any(p => p.GetProperty("name").GetString() == "If-Match"), $"{method} {path} does not list If-Match");
            }

            var responses = operation.GetProperty("responses");
            foreach (var status in expected)
            {
                Assert.True(responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response), $"{method} {path} does not list {status}");
                var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                Assert.Equal("#/components/schemas/ProblemDetails", schema.GetProperty("$ref").GetString());
            }
        }
    }

    [Fact]
    public async Task NoRequestSchema_NamesAFieldTheHandlerIgnores()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var offenders = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            if (!operation.TryGetProperty("requestBody", out var body))
            {
                continue;
            }

            var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            }

            if (!schema.TryGetProperty("properties", out var properties))
            {
                continue;
            }

            var ignored = RouteBoundNames(path).Append("expectedVersion").ToHashSet(StringComparer.OrdinalIgnoreCase);
            offenders.AddRange(properties.EnumerateObject().Where(p => ignored.Contains(p.Name)).Select(p => $"{method} {path}: {p.Name}"));
        }

        Assert.Empty(offenders);
    }

    /// The names a body field would have if it repeated the route: each path parameter by its own
    /// name, and `{id}` after `/programmes` as `programmeId` (the commands' name for it).
    private static IEnumerable<string> RouteBoundNames(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }

            var name = segments[i].Trim('{', '}');
            yield return name;
            if (name == "id" && i > 0)
            {
                yield return segments[i - 1].TrimEnd('s') + "Id";
            }
        }
    }

    private static string Concrete(string path, JsonElement operation)
    {
        var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
        foreach (var parameter in parameters.Where(p => p.GetProperty("in").GetString() == "path"))
        {
            var schema = parameter.GetProperty("schema");
            var value = schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" ? Guid.NewGuid().ToString()
                : schema.TryGetProperty("type", out var type) && type.ToString().Contains("integer", StringComparison.Ordinal) ? "1"
                : "x";
            path = path.Replace("{" + parameter.GetProperty("name").GetString() + "}", value, StringComparison.Ordinal);
        }

        return path;
    }
}
