using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Infrastructure;

/// Text that no handler should ever see: PostgreSQL refuses U+0000 in text, and a NUL in a query
/// parameter fails the whole statement (a 500, and once a broken connection). Rejected, not
/// stripped: silently changing what someone wrote is worse than telling them (ASVS 5.1.3/5.1.4).
/// Lone UTF-16 surrogates need no check here: the JSON reader refuses them, and query strings
/// and forms are decoded from UTF-8, which cannot carry one.
public static class InputText
{
    public static string NulMessage => ProblemTexts.Input_Nul;

    /// Why the text is refused, or null when it is fine.
    public static string? Problem(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal) ? NulMessage : null;
}

/// Every string in every JSON body passes here. The JsonException carries its path, which the
/// problem handler turns into the field the 400 names.
public sealed class CheckedStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString())!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? Checked(string? value) =>
        InputText.Problem(value) is { } problem ? throw new JsonException(problem) : value;
}

/// The one boundary for what arrives outside JSON bodies: query strings, route values and form
/// posts (the pages'), for every endpoint. It also reads enum values in query strings and
/// routes the way the OpenAPI document writes them (camelCase), in any case, and nothing else.
public sealed class InputBoundaryMiddleware(RequestDelegate next)
{
    private sealed record EnumParameter(string Name, Type Type, bool Nullable, bool FromRoute);

    private static readonly ConcurrentDictionary<RouteEndpoint, EnumParameter[]> EnumParameters = new();

    public async Task InvokeAsync(HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, values) in http.Request.Query)
        {
            Check(errors, key, values);
        }

        foreach (var (key, value) in http.Request.RouteValues)
        {
            Check(errors, key, value as string);
        }

        if (http.Request.HasFormContentType)
        {
            var form = await ReadFormAsync(http.Request);
            foreach (var (key, values) in form)
            {
                Check(errors, key, values);
            }

            foreach (var file in form.Files)
            {
                Check(errors, file.Name, file.FileName);
            }
        }

        if (errors.Count == 0 && http.GetEndpoint() is RouteEndpoint endpoint)
        {
            ReadEnums(http, endpoint, errors);
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        await next(http);
    }

    private static void Check(Dictionary<string, string[]> errors, string key, StringValues values)
    {
        var problem = InputText.Problem(key) ?? values.Select(InputText.Problem).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            errors[Printable(key)] = [problem];
        }
    }

    // A field name that itself holds a NUL is still named, readably.
    private static string Printable(string key) => key.Replace("\0", "\\0", StringComparison.Ordinal);

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request)
    {
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            // A malformed or oversized form is the client's mistake, never a 500.
            throw new BadHttpRequestException(ProblemTexts.Input_FormUnreadable, StatusCodes.Status400BadRequest, e);
        }
    }

    /// Minimal APIs parse enums case-sensitively by their C# names (and accept numbers); the API
    /// documents camelCase. Rewrites a value that names a member, in any case, to the member's
    /// name before binding, and rejects anything else with the valid values.
    private static void ReadEnums(HttpContext http, RouteEndpoint endpoint, Dictionary<string, string[]> errors)
    {
        var parameters = EnumParameters.GetOrAdd(endpoint, Describe);
        if (parameters.Length == 0)
        {
            return;
        }

        Dictionary<string, StringValues>? query = null;
        foreach (var parameter in parameters)
        {
            var raw = parameter.FromRoute ? new StringValues(http.Request.RouteValues[parameter.Name] as string) : http.Request.Query[parameter.Name];
            if (StringValues.IsNullOrEmpty(raw))
            {
                if (!parameter.FromRoute && raw.Count > 0 && parameter.Nullable)
                {
                    // "?health=" means no filter, as an absent parameter does.
                    query ??= http.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
                    query.Remove(parameter.Name);
                }

                continue;
            }

            var names = Enum.GetNames(parameter.Type);
            var canonical = raw.Select(v => names.FirstOrDefault(n => string.Equals(n, v, StringComparison.OrdinalIgnoreCase))).ToArray();
            if (canonical.Any(c => c is null))
            {
                errors[parameter.Name] = [$"Ugyldig verdi. Gyldige verdier: {string.Join(", ", names.Select(JsonNamingPolicy.CamelCase.ConvertName))}."];
            }
            else if (parameter.FromRoute)
            {
                http.Request.RouteValues[parameter.Name] = canonical[0];
            }
            else
            {
                query ??= http.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
                query[parameter.Name] = new StringValues(canonical);
            }
        }

        if (query is not null)
        {
            http.Request.Query = new QueryCollection(query);
        }
    }

    private static EnumParameter[] Describe(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<MethodInfo>() is not { } method
            ? []
            : method.GetParameters()
                .Select(p => (Parameter: p, Type: System.Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
                .Where(p => p.Type.IsEnum && p.Parameter.GetCustomAttribute<FromBodyAttribute>() is null)
                .Select(p =>
                {
                    var query = p.Parameter.GetCustomAttribute<FromQueryAttribute>();
                    var route = p.Parameter.GetCustomAttribute<FromRouteAttribute>();
                    var name = query?.Name ?? route?.Name ?? p.Parameter.Name!;
                    var fromRoute = route is not null || (query is null && endpoint.RoutePattern.GetParameter(name) is RoutePatternParameterPart);
                    return new EnumParameter(name, p.Type, p.Type != p.Parameter.ParameterType, fromRoute);
                })
                .ToArray();
}

public static class InputBoundary
{
    /// Checks every string of every JSON body (see CheckedStringConverter).
    public static IServiceCollection AddInputBoundary(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.Converters.Add(new CheckedStringConverter()));

    /// Checks query strings, route values and form posts before any endpoint binds them.
    public static IApplicationBuilder UseInputBoundary(this IApplicationBuilder app) => app.UseMiddleware<InputBoundaryMiddleware>();
}
