using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Security;

/// Bad input of every kind gets a 4xx problem document and writes nothing — never a 5xx.
public sealed class BadInputTests(BadInputApp app) : IClassFixture<BadInputApp>
{
    private static readonly string Huge = new('x', 100_000);

    public static TheoryData<string, string, string, int> Cases() => new()
    {
        // method, url ({p} = a programme id), body, expected status
        { "POST", "/api/programmes", "{\"definitionKey\": ", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": 5, \"definitionVersion\": \"én\", \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"2027-08-23\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 1, \"participantKind\": \"fylke\", \"participantId\": \"0301\", \"startDate\": \"2027-08-23\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 1, \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"2027-02-30\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 1, \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"1900-01-01\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 99999999999, \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"2027-08-23\"}", 400 },
        { "POST", "/api/programmes", "", 400 },
        { "POST", "/api/programmes", "[]", 400 },
        { "POST", "/api/programmes/{p}/comments", $"{{\"target\": \"forankring\", \"text\": \"{Huge}\"}}", 400 },
        { "POST", "/api/programmes/{p}/comments", "{\"target\": null, \"text\": null}", 400 },
        { "PUT", "/api/programmes/{p}/tasks/forankre-politisk/assignee", "{\"contactPersonId\": \"ikke-en-guid\"}", 400 },
        { "POST", "/api/programmes/{p}/withdraw", "{\"note\": 42}", 400 },
        { "POST", "/api/programmes/{p}/deviations", "{\"description\": \"x\", \"owner\": \"y\", \"deadline\": \"31.12.2027\"}", 400 },
        { "POST", "/api/programmes/{p}/risks", "{\"description\": \"x\", \"owner\": \"y\", \"probability\": 9, \"consequence\": -1}", 400 },
        { "POST", "/api/programmes/{p}/learning", $"{{\"stageKey\": \"forankring\", \"whatWeTried\": \"{Huge}\", \"whatWeLearned\": \"x\"}}", 400 },
        { "PUT", "/api/programmes/{p}/reports/forankringsnotat/sections/forankring", "{\"text\": {\"nested\": true}}", 400 },
        { "POST", "/api/programmes/{p}/migration", "{\"targetVersion\": \"neste\", \"apply\": \"ja\"}", 400 },
        { "POST", "/api/definitions/fremtidens-kulturskole/versions/1/migrate", "{\"programmeIds\": [\"ikke-en-guid\"], \"apply\": true}", 400 },
        { "GET", "/api/programmes?status=pågår", "", 400 },
        { "GET", "/api/programmes?page=-1", "", 400 },
        { "GET", "/api/programmes?pageSize=100000", "", 400 },
        { "GET", "/api/programmes/ikke-en-guid", "", 404 },
        { "GET", "/api/programmes/{p}/journal?take=abc", "", 400 },
        { "POST", "/api/programmes/{p}/tasks/finnes-ikke/complete", "", 409 },
        { "POST", "/api/participants/0301/contacts", "{\"name\": \"\", \"email\": \"ikke-epost\", \"groupRole\": \"\"}", 400 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_Gets4xxProblem_AndWritesNothing(string method, string url, string body, int expected)
    {
        var programme = await app.StartAsync(Participants.Next());
        var before = await app.WithDbAsync(db => db.JournalEntries.CountAsync());

        var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{p}", programme.ToString(), StringComparison.Ordinal));
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await app.ClientAs(Roles.Owner).SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.WithDbAsync(db => db.JournalEntries.CountAsync()));
    }

    // ---- NUL (U+0000) and the other input PostgreSQL refuses, at every boundary -------------

    private const string Poison = "før\u0000etter";

    private sealed record Ctx(Guid Programme, string Municipality, Guid Deviation, Guid Risk, Guid Contact, Guid Membership, Guid Draft);

    /// A valid request for every API endpoint that takes a JSON body: the NUL test poisons each
    /// string field of the body in turn, so a new endpoint or field is covered without an entry here.
    private sealed record WriteEntry(string Method, string Pattern, Func<Ctx, string> Url, Func<Ctx, object> Body);

    private static readonly object DeviationBody = AuthorizationMatrixTests.DeviationBody;

    private static readonly object RiskBody = AuthorizationMatrixTests.RiskBody;

    private static readonly WriteEntry[] Writes =
    [
        new("POST", "/api/regions", _ => "/api/regions", _ => new { name = $"Region {Guid.NewGuid():N}", municipalityNumbers = new[] { "0301", "3201" } }),
        new("POST", "/api/programmes", _ => "/api/programmes",
            _ => new { definitionKey = "fremtidens-kulturskole", definitionVersion = 1, participantKind = "municipality", participantId = Participants.Next(), startDate = "2027-08-23" }),
        new("POST", "/api/programmes/{id:guid}/withdraw", c => $"/api/programmes/{c.Programme}/withdraw", _ => new { note = "Trekker oss" }),
        new("POST", "/api/programmes/{id:guid}/comments", c => $"/api/programmes/{c.Programme}/comments", _ => new { target = "forankring", text = "Hei" }),
        new("POST", "/api/programmes/{id:guid}/migration", c => $"/api/programmes/{c.Programme}/migration", _ => new { targetVersion = 1, apply = false }),
        new("PUT", "/api/programmes/{id:guid}/tasks/{taskKey}/assignee", c => $"/api/programmes/{c.Programme}/tasks/forankre-politisk/assignee", c => new { contactPersonId = c.Contact }),
        new("POST", "/api/programmes/{id:guid}/tasks/{taskKey}/not-applicable", c => $"/api/programmes/{c.Programme}/tasks/lage-interessentkart/not-applicable", _ => new { note = "Ikke aktuelt" }),
        new("PUT", "/api/programmes/{id:guid}/reports/{reportKey}/sections/{sectionKey}", c => $"/api/programmes/{c.Programme}/reports/forankringsnotat/sections/forankring", _ => new { text = "Tekst" }),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/attachments", c => $"/api/programmes/{c.Programme}/reports/forankringsnotat/attachments", _ => new { title = "Film", url = "https://example.org/film" }),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/return", c => $"/api/programmes/{c.Programme}/reports/forankringsnotat/return", _ => new { note = "Mer detaljer" }),
        new("POST", "/api/programmes/{id:guid}/stages/{stageKey}/decision", c => $"/api/programmes/{c.Programme}/stages/forankring/decision", _ => new { note = "OK" }),
        new("POST", "/api/programmes/{id:guid}/deviations", c => $"/api/programmes/{c.Programme}/deviations", _ => DeviationBody),
        new("PUT", "/api/programmes/{id:guid}/deviations/{deviationId:guid}", c => $"/api/programmes/{c.Programme}/deviations/{c.Deviation}", _ => DeviationBody),
        new("POST", "/api/programmes/{id:guid}/risks", c => $"/api/programmes/{c.Programme}/risks", _ => RiskBody),
        new("PUT", "/api/programmes/{id:guid}/risks/{riskId:guid}", c => $"/api/programmes/{c.Programme}/risks/{c.Risk}", _ => RiskBody),
        new("POST", "/api/programmes/{id:guid}/learning", c => $"/api/programmes/{c.Programme}/learning",
            _ => new { stageKey = "forankring", whatWeTried = "Dialogmøte", whatWeLearned = "Samarbeid", adviceToOthers = "Start tidlig" }),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/keep-back", c => $"/api/programmes/{c.Programme}/reports/forankringsnotat/keep-back", _ => new { exemptionBasis = "offentleglova § 14" }),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/unpublish", c => $"/api/programmes/{c.Programme}/reports/forankringsnotat/unpublish", _ => new { note = "Feil vedlegg" }),
        new("PUT", "/api/definitions/{key}/recommendations", _ => "/api/definitions/fremtidens-kulturskole/recommendations",
            _ => new { title = "Anbefalinger", sections = new[] { new { title = "Forankring", text = "Start tidlig.", reports = Array.Empty<Guid>(), learning = Array.Empty<Guid>() } } }),
        new("PUT", "/api/municipalities/{number}/written-standard", c => $"/api/municipalities/{c.Municipality}/written-standard", _ => new { writtenStandard = "nynorsk" }),
        new("PUT", "/api/regions/{id:guid}/written-standard", _ => $"/api/regions/{Guid.NewGuid()}/written-standard", _ => new { writtenStandard = "bokmal" }),
        new("POST", "/api/participants/{participantId}/contacts", c => $"/api/participants/{c.Municipality}/contacts",
            _ => new { name = "Ny Person", email = "ny.person@kommune.test", phone = "+47 900 00 000", groupRole = "Kulturskoleleder", isCoordinator = false, userSubject = "ny-person" }),
        new("PUT", "/api/contacts/{contactId:guid}", c => $"/api/contacts/{c.Contact}",
            _ => new { name = "Endret Person", email = "endret@kommune.test", phone = "+47 900 00 001", groupRole = "Rektor", isCoordinator = false, userSubject = "endret-person" }),
        new("POST", "/api/calendar-feeds", c => "/api/calendar-feeds", c => new { kind = "participant", participantId = c.Municipality }),
        new("POST", "/api/invitations", _ => "/api/invitations",
            c => new { email = "ny.koordinator@kommune.test", name = "Ny Koordinator", role = "coordinator", participantId = c.Municipality, organisation = "KS", definitionKey = "fremtidens-kulturskole" }),
        new("PUT", "/api/memberships/{id:guid}", c => $"/api/memberships/{c.Membership}", _ => new { role = "participant" }),
        new("POST", "/api/me/access-tokens", _ => "/api/me/access-tokens", _ => new { name = "Skript", scope = "read", expiresInDays = 30 }),
        new("POST", "/api/definitions/drafts", _ => "/api/definitions/drafts", _ => new { key = "nul-program", name = "Program", owners = new[] { "KS" } }),
        new("POST", "/api/definitions/drafts/upload", _ => "/api/definitions/drafts/upload", _ => AuthorizationMatrixTests.DefinitionBody("nul-fil")),
        new("PUT", "/api/definitions/drafts/{id:guid}", c => $"/api/definitions/drafts/{c.Draft}", _ => AuthorizationMatrixTests.DefinitionBody("nul-utkast")),
        new("POST", "/api/definitions/drafts/{id:guid}/approve", c => $"/api/definitions/drafts/{c.Draft}/approve", _ => new { revision = 1, note = "Godkjent" }),
        new("POST", "/api/definitions/{key}/versions/{version:int}/migrate", _ => "/api/definitions/fremtidens-kulturskole/versions/1/migrate",
            _ => new { programmeIds = new[] { Guid.NewGuid() }, all = false, apply = false }),
    ];

    /// Reads its body itself and stores nothing: it answers a report on the definition it was sent.
    private const string ValidateDefinition = "POST /api/definitions/validate";

    [Fact]
    public void EveryEndpointWithAJsonBody_HasANulEntry()
    {
        var withBody = JsonBodyEndpoints().Select(e => $"{e.Method} {e.Pattern}").Where(e => e != ValidateDefinition).Order().ToList();
        var covered = Writes.Select(w => $"{w.Method} {w.Pattern}").ToHashSet();
        var missing = withBody.Where(e => !covered.Contains(e)).ToList();
        var stale = covered.Where(c => !withBody.Contains(c)).ToList();
        Assert.True(missing.Count == 0, $"Endpoints with a JSON body but no NUL entry: {string.Join(", ", missing)}");
        Assert.True(stale.Count == 0, $"NUL entries for endpoints without a JSON body: {string.Join(", ", stale)}");
    }

    /// Every string in every JSON body of every write endpoint: a NUL answers 400 naming the field, and
    /// nothing is written. (PostgreSQL refuses U+0000 in text; before the boundary check this was a 500.)
    [Fact]
    public async Task Nul_InAnyStringOfAnyJsonBody_Gets400NamingTheField_AndWritesNothing()
    {
        var ctx = await ArrangeAsync();
        var bodies = JsonBodyEndpoints().ToDictionary(e => $"{e.Method} {e.Pattern}", e => e.BodyType);
        var failures = new List<string>();
        var tried = 0;
        foreach (var write in Writes)
        {
            var valid = JsonSerializer.SerializeToNode(write.Body(ctx))!.AsObject();
            foreach (var (property, isList) in StringProperties(bodies[$"{write.Method} {write.Pattern}"]))
            {
                var body = valid.DeepClone().AsObject();
                body[property] = isList ? new JsonArray(Poison) : Poison;
                var field = isList ? $"{property}[0]" : property;
                var failure = await ExpectFieldProblemAsync(write.Method, write.Url(ctx), body.ToJsonString(), field);
                tried++;
                if (failure is not null)
                {
                    failures.Add($"{write.Method} {write.Pattern} {field}: {failure}");
                }
            }
        }

        Assert.True(tried > 40, $"Only {tried} fields were tried: the body types were not found.");
        var validate = await app.ClientAs(Roles.Owner).PostAsync("/api/definitions/validate",
            new StringContent("{\"key\": \"a\\u0000b\", \"version\": 1}", Encoding.UTF8, "application/json"));
        Assert.True((int)validate.StatusCode < 500, $"{ValidateDefinition}: {(int)validate.StatusCode}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// Lone surrogates are not text either: the JSON reader refuses them, and the 400 names the field as for NUL.
    [Theory]
    [InlineData("\\ud800")]
    [InlineData("a\\udc00b")]
    public async Task LoneSurrogate_InAJsonString_Gets400NamingTheField(string escaped)
    {
        var ctx = await ArrangeAsync();
        var body = $"{{\"description\": \"{escaped}\", \"owner\": \"Rektor\", \"deadline\": \"2027-10-01\"}}";
        Assert.Null(await ExpectFieldProblemAsync("POST", $"/api/programmes/{ctx.Programme}/deviations", body, "description"));
    }

    public static TheoryData<string, string, int, string?> QueryAndRouteCases() => new()
    {
        // method, url ({p} = a programme id), expected status, the field the problem must name
        // NUL in query strings
        { "GET", "/api/learning?q=%00", 400, "q" },
        { "GET", "/api/learning?q=samarbeid%00&definition=fremtidens-kulturskole", 400, "q" },
        { "GET", "/api/learning?definition=fremtidens%00", 400, "definition" },
        { "GET", "/api/programmes?definition=fremtidens%00", 400, "definition" },
        { "GET", "/api/programmes?county=4%006", 400, "county" },
        { "GET", "/api/municipalities?county=4%006", 400, "county" },
        { "GET", "/api/status-reports?definition=fremtidens%00", 400, "definition" },
        { "GET", "/api/me/notifications?unread=%00", 400, "unread" },
        { "GET", "/api/programmes/{p}/journal?take=1%00", 400, "take" },
        { "GET", "/laering?q=%00", 400, "q" },
        { "GET", "/tema/fremtidens-kulturskole?q=samskaping%00", 400, "q" },
        { "GET", "/tema/fremtidens-kulturskole?fase=samskaping%00", 400, "fase" },
        { "GET", "/tema/fremtidens-kulturskole?side=2147483647", 400, "side" },
        { "GET", "/laering?q=samarbeid%00", 400, "q" },
        { "GET", "/oversikt?definisjon=fremtidens%00", 400, "definisjon" },
        // NUL in a route segment (%00): Kestrel refuses the decoded path before the host sees it, with a
        // bare 400 ("The path contains null characters"); the boundary's own check is tested below.
        { "GET", "/api/participants/03%0001/contacts", 400, null },
        { "POST", "/api/participants/03%0001/contacts", 400, null },
        { "GET", "/api/definitions/fremtidens%00/versions/1", 400, null },
        { "GET", "/api/definitions/fremtidens%00/versions/1/diagram", 400, null },
        { "POST", "/api/status-reports/fremtidens%00", 400, null },
        { "POST", "/api/programmes/{p}/tasks/forankre%00politisk/start", 400, null },
        { "POST", "/api/programmes/{p}/reports/forankrings%00notat/submit", 400, null },
        { "PUT", "/api/programmes/{p}/reports/forankringsnotat/sections/forankring%00", 400, null },
        { "POST", "/api/programmes/{p}/stages/forankring%00/complete", 400, null },
        { "GET", "/calendar/abc%00def.ics", 400, null },
        // paging bounds: one Paging type for every list
        { "GET", "/api/programmes?page=2147483647", 400, "page" },
        { "GET", "/api/programmes?page=2147483647&pageSize=500", 400, "page" },
        { "GET", "/api/programmes?page=0", 400, "page" },
        { "GET", "/api/programmes?pageSize=0", 400, "pageSize" },
        { "GET", "/api/programmes?pageSize=2147483647", 400, "pageSize" },
        { "GET", "/api/programmes?page=100000&pageSize=500", 200, null },
        { "GET", "/api/learning?page=2147483647", 400, "page" },
        { "GET", "/api/learning?page=2147483647&pageSize=100", 400, "page" },
        { "GET", "/api/learning?page=-1", 400, "page" },
        { "GET", "/api/learning?pageSize=0", 400, "pageSize" },
        { "GET", "/api/learning?pageSize=101", 400, "pageSize" },
        { "GET", "/api/learning?q=samarbeid&page=100000&pageSize=100", 200, null },
        { "GET", "/api/me/tasks?limit=0", 400, "limit" },
        { "GET", "/api/me/tasks?limit=201", 400, "limit" },
        { "GET", "/api/me/tasks?limit=abc", 400, "limit" },
        { "GET", "/api/me/tasks?cursor=ikke-en-cursor", 400, "cursor" },
        { "GET", "/api/me/tasks?cursor=abc%00", 400, "cursor" },
        { "GET", "/api/me/tasks?limit=200", 200, null },
        { "GET", "/laering?side=2147483647", 400, "side" },
        { "GET", "/laering?q=samarbeid&side=2147483647", 400, "side" },
        { "GET", "/laering?side=100000", 200, null },
        // enums in query strings: the OpenAPI document's camelCase, in any case; nothing else
        { "GET", "/api/programmes?status=withdrawn", 200, null },
        { "GET", "/api/programmes?status=WITHDRAWN", 200, null },
        { "GET", "/api/programmes?status=Active", 200, null },
        { "GET", "/api/programmes?health=late", 200, null },
        { "GET", "/api/programmes?health=onTrack", 200, null },
        { "GET", "/api/programmes?health=ontrack&status=active", 200, null },
        { "GET", "/api/programmes?status=pågår", 400, "status" },
        { "GET", "/api/programmes?status=1", 400, "status" },
        { "GET", "/api/programmes?health=on-track", 400, "health" },
        { "GET", "/api/programmes?health=", 200, null },
    };

    [Theory]
    [MemberData(nameof(QueryAndRouteCases))]
    public async Task QueryStringsAndRouteValues_AreCheckedAtTheBoundary(string method, string url, int expected, string? field)
    {
        var ctx = await ArrangeAsync();
        var client = await app.SignedInToPagesAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{p}", ctx.Programme.ToString(), StringComparison.Ordinal));
        if (method != "GET")
        {
            request.Content = new StringContent("{\"name\": \"x\", \"email\": \"x@kommune.test\", \"groupRole\": \"x\", \"text\": \"x\"}", Encoding.UTF8, "application/json");
        }

        if (url.StartsWith("/api", StringComparison.Ordinal))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OwnerToken);
        }

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        if (field is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var message = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field)[0].GetString();
            Assert.False(string.IsNullOrWhiteSpace(message));
        }
    }

    /// Behind a server that passes a decoded %00 on (Kestrel does not), the boundary still stops it.
    [Fact]
    public async Task TheBoundary_RefusesANulInARouteValue_NamingIt()
    {
        var http = new DefaultHttpContext();
        http.Request.RouteValues["taskKey"] = "forankre\0politisk";
        var reached = false;
        var boundary = new InputBoundaryMiddleware(_ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => boundary.InvokeAsync(http));

        Assert.Equal([InputText.NulMessage], refused.Errors["taskKey"]);
        Assert.False(reached);
    }

    /// Headers (Idempotency-Key is stored) never carry a NUL in: Kestrel refuses the request line.
    [Fact]
    public async Task Nul_InAHeader_IsRefusedByTheServer()
    {
        var ctx = await ArrangeAsync();
        var address = app.CreateClient().BaseAddress!;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var body = "{\"target\": \"forankring\", \"text\": \"Hei\"}";
        var request = $"POST /api/programmes/{ctx.Programme}/comments HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {OwnerToken}\r\n" +
            $"Idempotency-Key: før\0etter\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync();
        Assert.StartsWith("HTTP/1.1 400", statusLine, StringComparison.Ordinal);
    }

    /// "Accept what the document says": every value the OpenAPI document lists for an enum query parameter.
    [Theory]
    [InlineData("status")]
    [InlineData("health")]
    public async Task EveryEnumValueTheOpenApiDocumentLists_IsAccepted(string parameter)
    {
        var owner = app.ClientAs(Roles.Owner);
        var document = JsonDocument.Parse(await owner.GetStringAsync("/openapi/v1.json")).RootElement;
        var schema = document.GetProperty("paths").GetProperty("/api/programmes").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == parameter).GetProperty("schema");
        var values = EnumValues(document, schema).ToList();

        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            var response = await owner.GetAsync($"/api/programmes?{parameter}={value}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"?{parameter}={value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static IEnumerable<string> EnumValues(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return EnumValues(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!);
        }

        return new[] { "oneOf", "anyOf", "allOf" }.Where(k => schema.TryGetProperty(k, out _))
            .SelectMany(k => schema.GetProperty(k).EnumerateArray().SelectMany(s => EnumValues(document, s)));
    }

    [Fact]
    public async Task EnumQueryValues_Filter_WhateverTheirCase_AndA400NamesTheValidValues()
    {
        var ctx = await ArrangeAsync();
        var owner = app.ClientAs(Roles.Owner);
        var withdrawn = await app.StartAsync(Participants.Next());
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/programmes/{withdrawn}/withdraw", new { note = "Trekker oss" })).StatusCode);

        foreach (var value in new[] { "withdrawn", "Withdrawn", "WITHDRAWN" })
        {
            var page = await (await owner.GetAsync($"/api/programmes?status={value}&pageSize=500")).JsonAsync(HttpStatusCode.OK);
            var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
            Assert.Contains(withdrawn, ids);
            Assert.DoesNotContain(ctx.Programme, ids);
        }

        var message = await (await owner.GetAsync("/api/programmes?status=pågår")).FieldErrorAsync("status");
        Assert.Contains("active", message, StringComparison.Ordinal);
        Assert.Contains("withdrawn", message, StringComparison.Ordinal);
    }

    /// The pages' form posts pass the same boundary. A multipart post carries text as it is, so a
    /// crafted NUL reaches the handler unless the boundary stops it: the 400 problem names the field
    /// (a person cannot type U+0000 into a text field, so no Norwegian form message is needed).
    [Theory]
    [InlineData("description")]
    [InlineData("owner")]
    [InlineData("cause")]
    public async Task Nul_InAMultipartPageFormPost_Gets400NamingTheField_AndWritesNothing(string poisoned)
    {
        var ctx = await ArrangeAsync();
        var client = await app.SignedInToPagesAsync();
        var form = DeviationForm(ctx, await PageClients.AntiforgeryTokenAsync(client, "/min-kommune"));
        form[poisoned] = Poison;
        var before = await app.WithDbAsync(db => db.Deviations.CountAsync());

        var response = await client.PostAsync("/min-kommune?handler=Deviation", Multipart(form));

        Assert.False(string.IsNullOrWhiteSpace(await response.FieldErrorAsync(poisoned)));
        Assert.Equal(before, await app.WithDbAsync(db => db.Deviations.CountAsync()));
    }

    /// URL-encoded, ASP.NET's own form reader refuses a decoded NUL: still a 400 problem, never a 500.
    [Fact]
    public async Task Nul_InAnUrlEncodedPageFormPost_Gets400Problem_AndWritesNothing()
    {
        var ctx = await ArrangeAsync();
        var client = await app.SignedInToPagesAsync();
        var form = DeviationForm(ctx, await PageClients.AntiforgeryTokenAsync(client, "/min-kommune"));
        form["description"] = Poison;
        var before = await app.WithDbAsync(db => db.Deviations.CountAsync());

        var response = await client.PostAsync("/min-kommune?handler=Deviation", new FormUrlEncodedContent(form));

        await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.WithDbAsync(db => db.Deviations.CountAsync()));
    }

    [Fact]
    public async Task TheSameMultipartFormPost_WithoutNul_IsAccepted()
    {
        var ctx = await ArrangeAsync();
        var client = await app.SignedInToPagesAsync();
        var before = await app.WithDbAsync(db => db.Deviations.CountAsync(d => d.ProgrammeId == ctx.Programme));

        var response = await client.PostAsync("/min-kommune?handler=Deviation", Multipart(DeviationForm(ctx, await PageClients.AntiforgeryTokenAsync(client, "/min-kommune"))));

        Assert.True((int)response.StatusCode < 400, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.Deviations.CountAsync(d => d.ProgrammeId == ctx.Programme)));
    }

    private static Dictionary<string, string> DeviationForm(Ctx ctx, string antiforgeryToken) => new()
    {
        ["programmeId"] = ctx.Programme.ToString(),
        ["description"] = "Samling avlyst",
        ["cause"] = "Sykdom",
        ["owner"] = "Rektor",
        ["deadline"] = "2027-10-01",
        ["__RequestVerificationToken"] = antiforgeryToken,
    };

    private static MultipartFormDataContent Multipart(Dictionary<string, string> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value, Encoding.UTF8), name);
        }

        return content;
    }

    private static string OwnerToken =>
        LocalTokens.Create(new AuthOptions { SigningKey = ProsessApp.SigningKey }, "test-owner", "Test owner", Roles.Owner, [], TimeSpan.FromMinutes(30));

    /// What a request with one poisoned field must get: a 400 problem naming the field, nothing written. Null when it did.
    private async Task<string?> ExpectFieldProblemAsync(string method, string url, string json, string field)
    {
        var before = await app.WithDbAsync(db => db.JournalEntries.CountAsync());
        var response = await app.ClientAs(Roles.Owner).SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
        }

        if (!JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors) || !errors.TryGetProperty(field, out _))
        {
            return $"the problem does not name {field}: {body[..Math.Min(body.Length, 300)]}";
        }

        var after = await app.WithDbAsync(db => db.JournalEntries.CountAsync());
        return after == before ? null : "a journal entry was written";
    }

    private IEnumerable<(string Method, string Pattern, Type BodyType)> JsonBodyEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .Select(e => (Endpoint: e, Accepts: e.Metadata.GetMetadata<IAcceptsMetadata>()))
            .Where(e => e.Accepts?.RequestType is not null && e.Accepts.ContentTypes.Contains("application/json"))
            .SelectMany(e => e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(m => (m, e.Endpoint.RoutePattern.RawText!.TrimEnd('/'), e.Accepts!.RequestType!)));

    /// The JSON names of a body type's strings and lists of strings.
    private static IEnumerable<(string Name, bool IsList)> StringProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType))
            // Fields the route fills ([JsonIgnore]) are never read from the body.
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType != typeof(string)));

    // One programme (with a deviation, a risk and a contact) for the class: the cases only try to change it.
    private static Ctx? _ctx;

    private async Task<Ctx> ArrangeAsync()
    {
        if (_ctx is not null)
        {
            return _ctx;
        }

        var municipality = Participants.Next();
        var programme = await app.StartAsync(municipality);
        var owner = app.ClientAs(Roles.Owner);
        var deviation = await owner.PostAsJsonAsync($"/api/programmes/{programme}/deviations", DeviationBody);
        var risk = await owner.PostAsJsonAsync($"/api/programmes/{programme}/risks", RiskBody);
        return _ctx = new Ctx(programme, municipality,
            (await deviation.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid(),
            (await risk.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid(),
            await app.AddContactAsync(municipality, $"Kontakt {municipality}"),
            app.MembershipFor("nul-member", Roles.Coordinator, municipality),
            (await (await owner.PostAsJsonAsync("/api/definitions/drafts", new { key = "nul-utkast" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
    }

    /// Each case starts its own programme, so municipalities must not repeat within the class.
    private static class Participants
    {
        private static int _next = 100;

        public static string Next() => Api.Features.Participants.Municipality.Official2024[Interlocked.Increment(ref _next)].Number;
    }
}

/// The host on a real port (Kestrel parses the request line and headers, as in production) with the
/// pages' development sign-in, so form posts and page query strings can be tried too.
public sealed class BadInputApp : ProsessApp
{
    public BadInputApp() => UseRealPort();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
    }
}
