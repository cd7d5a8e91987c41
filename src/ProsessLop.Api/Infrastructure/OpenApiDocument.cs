using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ProsessLop.Api.Infrastructure;

/// The OpenAPI document says what the endpoints really do: which operations need a bearer token,
/// the headers they read (If-Match, Idempotency-Key) and the problem documents they can answer.
/// Derived from each endpoint's metadata and HTTP method, so a new endpoint is described
/// correctly without anyone remembering to annotate it; `OpenApiTests` holds the document
/// against the running endpoints.
public static class OpenApiDocumentSetup
{
    public const string BearerScheme = "Bearer";
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemContentType = "application/problem+json";

    public static IServiceCollection AddProsessOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Et tilgangstoken fra innloggingstjenesten (OpenID Connect), eller i utvikling fra `token`-kommandoen.",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[ProblemSchema] = Problem();
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                Describe(operation, context);
                return Task.CompletedTask;
            });
        });

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var isWrite = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var hasPathParameters = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var hasInput = description.ParameterDescriptions.Count > 0;
        var hasBody = description.ParameterDescriptions.Any(p => p.Source.Id == "Body");
        // The relative path keeps route constraints ("{id:guid}").
        var changesProgramme = isWrite && (description.RelativePath ?? "").StartsWith("api/programmes/{id", StringComparison.Ordinal);

        // An empty list overrides nothing at document level but says explicitly: no sign-in
        // (the calendar feed's token in its URL is its credential).
        operation.Security = signedIn
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }]
            : [];

        if (changesProgramme)
        {
            AddHeader(operation, "If-Match",
                "Programmets ETag fra GET /api/programmes/{id}. Er programmet endret siden, svarer tjenesten 409 og endrer ingenting.");
        }

        if (signedIn && HttpMethods.IsPost(method))
        {
            AddHeader(operation, IdempotencyMiddleware.Header,
                "Valgfri nøkkel (høyst 200 tegn): en ny sending med samme nøkkel gjør ingenting på nytt og får det første svaret.");
        }

        var responses = operation.Responses ??= new OpenApiResponses();
        void Add(int status, string text, bool when = true)
        {
            if (when)
            {
                responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ProblemResponse(text, context.Document));
            }
        }

        Add(400, "Ugyldig forespørsel: feltene som er feil, står i `errors`.", hasInput);
        Add(401, "Ikke innlogget, eller tokenet er ugyldig eller utløpt.", signedIn);
        Add(403, "Innlogget, men rollen gir ikke lov til dette.", signedIn);
        Add(404, "Finnes ikke — eller tilhører en deltaker du ikke har tilgang til.", hasPathParameters);
        Add(409, "Konflikt: endret av noen andre siden (If-Match), ikke tillatt i programmets tilstand, eller samme Idempotency-Key behandles fortsatt.", isWrite && signedIn);
        Add(413, "Forespørselen er for stor.", hasBody);
        Add(422, "Idempotency-Key er allerede brukt for en annen forespørsel.", signedIn && HttpMethods.IsPost(method));
        Add(429, "For mange endringer det siste minuttet; se Retry-After.", isWrite && signedIn);
    }

    private static void AddHeader(OpenApiOperation operation, string name, string text)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = text,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static OpenApiResponse ProblemResponse(string text, OpenApiDocument? document) => new()
    {
        Description = text,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };

    // RFC 9457, with the members this host adds: traceId always, errors on invalid fields.
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem document.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Feltnavn → meldinger, ved ugyldige felt.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Examples = [JsonNode.Parse("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Ugyldige felt","status":400,"detail":"Ett eller flere felt er ugyldige.","instance":"/api/programmes","traceId":"00-…","errors":{"startDate":["Startdato må fylles ut."]}}""")!],
    };
}
