using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Security;

/// Every API endpoint × every role × own/foreign resource. The list of endpoints comes from the
/// running host, so a new endpoint without an entry here fails the test.
public sealed class AuthorizationMatrixTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    /// Who may do what. Foreign means: a coordinator/participant of another municipality.
    private enum Rule
    {
        AnySignedIn,      // every role; anonymous 401
        OwnerPolicy,      // owner; every other role 403 (decided by the endpoint, before any lookup)
        ReadOwn,          // owner, steering, own coordinator and participant; foreign 404
        ChangeOwn,        // owner, own coordinator; steering and participant 403; foreign 404
        WorkAssigned,     // as ChangeOwn, and the participant the task is assigned to
        OwnerOnResource,  // owner; steering and own people 403; foreign 404
        RecipientOnly,    // the person it is addressed to (the own coordinator); everyone else 404
        OverviewPolicy,   // owner and steering; every other role 403 (cross-participant summaries)
        CreatorOrOwner,   // the person who created it (the own coordinator) and owners; everyone else 404
        AuthorOnly,       // the person who wrote it (the own coordinator); other readers 403, foreign 404
    }

    private enum Caller { Anonymous, Owner, Steering, Coordinator, ForeignCoordinator, Participant, ForeignParticipant }

    private sealed record Context(Guid Programme, string Municipality, Guid Region, Guid Contact, Guid Deviation, Guid Risk, Guid Notification, Guid StatusReport, Guid OtherStatusReport, Guid CalendarFeed,
        Guid AccessToken, Guid Invitation, Guid Membership, string ErasablePerson, Func<Guid> FreshMembership, Guid Draft, Guid Learning);

    /// A definition file for the studio's upload and save: the shipped default, valid as it is.
    internal static object DefinitionBody(string key) => DefinitionBodyNode(key);

    private static System.Text.Json.Nodes.JsonNode DefinitionBodyNode(string key)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(
            Api.Infrastructure.RepositoryRoot.Find(AppContext.BaseDirectory), "workflows", "fremtidens-kulturskole", "v1.json")))!;
        node["key"] = key;
        return node;
    }

    internal static readonly object DeviationBody = new
    {
        description = "Samling avlyst", cause = "Sykdom", consequence = "Forsinkelse", action = "Ny dato", owner = "Rektor", deadline = "2027-10-01", status = "open",
    };

    internal static readonly object RiskBody = new { description = "Nøkkelperson slutter", probability = 2, consequence = 4, mitigation = "Dokumentere", owner = "Kommunalsjef", status = "open" };

    private static object ContactBody(string name) => new { name, email = "kontakt@kommune.test", groupRole = "Kulturskoleleder", isCoordinator = false };

    private sealed record Entry(string Method, string Pattern, Rule Rule, Func<Context, HttpRequestMessage> Request);

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };

    private static readonly Entry[] Matrix =
    [
        new("GET", "/api/municipalities/", Rule.AnySignedIn, _ => Get("/api/municipalities")),
        new("POST", "/api/regions/", Rule.OwnerPolicy, _ => Send(HttpMethod.Post, "/api/regions", new { name = $"Matriseregion {Guid.NewGuid():N}", municipalityNumbers = new[] { "0301", "3201" } })),
        new("GET", "/api/regions/{id:guid}", Rule.AnySignedIn, c => Get($"/api/regions/{c.Region}")),
        new("PUT", "/api/municipalities/{number}/written-standard", Rule.OwnerPolicy, c => Send(HttpMethod.Put, $"/api/municipalities/{c.Municipality}/written-standard", new { writtenStandard = "nynorsk" })),
        new("PUT", "/api/regions/{id:guid}/written-standard", Rule.OwnerPolicy, c => Send(HttpMethod.Put, $"/api/regions/{c.Region}/written-standard", new { writtenStandard = "bokmal" })),
        new("GET", "/api/definitions/", Rule.AnySignedIn, _ => Get("/api/definitions")),
        new("GET", "/api/definitions/{key}/versions/{version:int}", Rule.AnySignedIn, _ => Get("/api/definitions/fremtidens-kulturskole/versions/1")),
        new("GET", "/api/definitions/{key}/versions/{version:int}/diagram", Rule.AnySignedIn, _ => Get("/api/definitions/fremtidens-kulturskole/versions/1/diagram")),
        new("POST", "/api/definitions/validate", Rule.OwnerPolicy, _ => Send(HttpMethod.Post, "/api/definitions/validate", new { key = "x" })),
        new("GET", "/api/definitions/{key}/versions/{version:int}/file", Rule.AnySignedIn, _ => Get("/api/definitions/fremtidens-kulturskole/versions/1/file")),
        new("GET", "/api/definitions/drafts/", Rule.OwnerPolicy, _ => Get("/api/definitions/drafts")),
        new("POST", "/api/definitions/drafts/", Rule.OwnerPolicy, c => Send(HttpMethod.Post, "/api/definitions/drafts", new { key = $"matrise-ny-{c.Municipality}" })),
        new("POST", "/api/definitions/drafts/upload", Rule.OwnerPolicy, c => Send(HttpMethod.Post, "/api/definitions/drafts/upload", DefinitionBody($"matrise-fil-{c.Municipality}"))),
        new("GET", "/api/definitions/drafts/{id:guid}", Rule.OwnerPolicy, c => Get($"/api/definitions/drafts/{c.Draft}")),
        new("DELETE", "/api/definitions/drafts/{id:guid}", Rule.OwnerPolicy, c => Send(HttpMethod.Delete, $"/api/definitions/drafts/{c.Draft}")),
        new("PUT", "/api/definitions/drafts/{id:guid}", Rule.OwnerPolicy, c => Send(HttpMethod.Put, $"/api/definitions/drafts/{c.Draft}", DefinitionBody($"matrise-{c.Municipality}"))),
        new("GET", "/api/definitions/drafts/{id:guid}/revisions/{number:int}", Rule.OwnerPolicy, c => Get($"/api/definitions/drafts/{c.Draft}/revisions/1")),
        new("GET", "/api/definitions/drafts/{id:guid}/diff", Rule.OwnerPolicy, c => Get($"/api/definitions/drafts/{c.Draft}/diff")),
        new("POST", "/api/definitions/drafts/{id:guid}/publish", Rule.OwnerPolicy, c => Send(HttpMethod.Post, $"/api/definitions/drafts/{c.Draft}/publish")),
        new("GET", "/api/definitions/drafts/{id:guid}/impact", Rule.OwnerPolicy, c => Get($"/api/definitions/drafts/{c.Draft}/impact")),
        new("POST", "/api/definitions/drafts/{id:guid}/approve", Rule.OwnerPolicy, c => Send(HttpMethod.Post, $"/api/definitions/drafts/{c.Draft}/approve", new { revision = 1 })),
        // Version 1: no programme is on an older one, so the owner's dry run moves nothing.
        new("POST", "/api/definitions/{key}/versions/{version:int}/migrate", Rule.OwnerPolicy,
            _ => Send(HttpMethod.Post, "/api/definitions/fremtidens-kulturskole/versions/1/migrate", new { all = true, apply = false })),
        new("POST", "/api/programmes/", Rule.OwnerPolicy, _ => Send(HttpMethod.Post, "/api/programmes", new { definitionKey = "ks-utviklingsnettverk", definitionVersion = 1, participantKind = "municipality", participantId = "0301", startDate = "2027-08-23" })),
        new("GET", "/api/programmes/", Rule.AnySignedIn, _ => Get("/api/programmes")),
        new("GET", "/api/programmes/{id:guid}", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}")),
        new("GET", "/api/programmes/{id:guid}/timeline", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}/timeline")),
        new("GET", "/api/programmes/{id:guid}/journal", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}/journal")),
        new("POST", "/api/programmes/{id:guid}/withdraw", Rule.OwnerOnResource, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/withdraw", new { note = "Matrisetest" })),
        new("POST", "/api/programmes/{id:guid}/comments", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/comments", new { target = "forankring", text = "Hei" })),
        new("POST", "/api/programmes/{id:guid}/migration", Rule.OwnerPolicy, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/migration", new { targetVersion = 2, apply = false })),
        new("PUT", "/api/programmes/{id:guid}/tasks/{taskKey}/assignee", Rule.ChangeOwn, c => Send(HttpMethod.Put, $"/api/programmes/{c.Programme}/tasks/forankre-administrativt/assignee", new { contactPersonId = Guid.NewGuid() })),
        new("POST", "/api/programmes/{id:guid}/tasks/{taskKey}/start", Rule.WorkAssigned, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/tasks/forankre-politisk/start")),
        new("POST", "/api/programmes/{id:guid}/tasks/{taskKey}/complete", Rule.WorkAssigned, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/tasks/forankre-politisk/complete")),
        new("POST", "/api/programmes/{id:guid}/tasks/{taskKey}/reopen", Rule.WorkAssigned, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/tasks/forankre-politisk/reopen")),
        new("POST", "/api/programmes/{id:guid}/tasks/{taskKey}/not-applicable", Rule.OwnerOnResource, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/tasks/lage-interessentkart/not-applicable", new { note = "Ikke aktuelt" })),
        new("PUT", "/api/programmes/{id:guid}/reports/{reportKey}/sections/{sectionKey}", Rule.ChangeOwn, c => Send(HttpMethod.Put, $"/api/programmes/{c.Programme}/reports/forankringsnotat/sections/forankring", new { text = "Tekst" })),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/attachments", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/reports/forankringsnotat/attachments", new { title = "Film", url = "https://example.org/film" })),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/submit", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/reports/forankringsnotat/submit")),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/approve", Rule.OwnerOnResource, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/reports/forankringsnotat/approve")),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/return", Rule.OwnerOnResource, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/reports/forankringsnotat/return", new { note = "Mer detaljer" })),
        new("POST", "/api/programmes/{id:guid}/stages/{stageKey}/decision", Rule.OwnerOnResource, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/stages/forankring/decision", new { note = "OK" })),
        new("POST", "/api/programmes/{id:guid}/stages/{stageKey}/complete", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/stages/forankring/complete")),
        new("GET", "/api/me/tasks", Rule.AnySignedIn, _ => Get("/api/me/tasks")),
        new("GET", "/api/programmes/{id:guid}/deviations", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}/deviations")),
        new("GET", "/api/programmes/{id:guid}/deviations/{deviationId:guid}", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}/deviations/{c.Deviation}")),
        new("POST", "/api/programmes/{id:guid}/deviations", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/deviations", DeviationBody)),
        new("PUT", "/api/programmes/{id:guid}/deviations/{deviationId:guid}", Rule.ChangeOwn, c => Send(HttpMethod.Put, $"/api/programmes/{c.Programme}/deviations/{c.Deviation}", DeviationBody)),
        new("GET", "/api/programmes/{id:guid}/risks", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}/risks")),
        new("GET", "/api/programmes/{id:guid}/risks/{riskId:guid}", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}/risks/{c.Risk}")),
        new("POST", "/api/programmes/{id:guid}/risks", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/risks", RiskBody)),
        new("PUT", "/api/programmes/{id:guid}/risks/{riskId:guid}", Rule.ChangeOwn, c => Send(HttpMethod.Put, $"/api/programmes/{c.Programme}/risks/{c.Risk}", RiskBody)),
        new("GET", "/api/programmes/{id:guid}/learning", Rule.ReadOwn, c => Get($"/api/programmes/{c.Programme}/learning")),
        new("POST", "/api/programmes/{id:guid}/learning", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/learning",
            new { stageKey = "forankring", whatWeTried = "Dialogmøte", whatWeLearned = "Samarbeid", adviceToOthers = "Start tidlig" })),
        new("GET", "/api/learning", Rule.AnySignedIn, _ => Get("/api/learning?q=samarbeid")),
        // Publication (offentleglova): owners decide about reports; learning is marked by its author,
        // approved by an owner, withdrawn by the municipality. Unapproved reports answer 409 to owners.
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/publish", Rule.OwnerOnResource, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/reports/forankringsnotat/publish")),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/keep-back", Rule.OwnerOnResource,
            c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/reports/forankringsnotat/keep-back", new { exemptionBasis = "offentleglova § 14" })),
        new("POST", "/api/programmes/{id:guid}/reports/{reportKey}/unpublish", Rule.OwnerOnResource,
            c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/reports/forankringsnotat/unpublish", new { note = "Matrise" })),
        new("GET", "/api/definitions/{key}/recommendations/", Rule.OwnerPolicy, _ => Get("/api/definitions/fremtidens-kulturskole/recommendations")),
        new("PUT", "/api/definitions/{key}/recommendations/", Rule.OwnerPolicy, _ => Send(HttpMethod.Put, "/api/definitions/fremtidens-kulturskole/recommendations",
            new { title = "Anbefalinger", sections = new[] { new { title = "Forankring", text = "Start tidlig.", reports = Array.Empty<Guid>(), learning = Array.Empty<Guid>() } } })),
        new("POST", "/api/definitions/{key}/recommendations/review", Rule.OwnerPolicy, _ => Send(HttpMethod.Post, "/api/definitions/fremtidens-kulturskole/recommendations/review")),
        new("POST", "/api/definitions/{key}/recommendations/publish", Rule.OwnerPolicy, _ => Send(HttpMethod.Post, "/api/definitions/fremtidens-kulturskole/recommendations/publish")),
        new("POST", "/api/programmes/{id:guid}/learning/{learningId:guid}/shareable", Rule.AuthorOnly, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/learning/{c.Learning}/shareable")),
        new("POST", "/api/programmes/{id:guid}/learning/{learningId:guid}/publish", Rule.OwnerOnResource, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/learning/{c.Learning}/publish")),
        new("POST", "/api/programmes/{id:guid}/learning/{learningId:guid}/withdraw", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/programmes/{c.Programme}/learning/{c.Learning}/withdraw")),
        new("GET", "/api/participants/{participantId}/contacts", Rule.ReadOwn, c => Get($"/api/participants/{c.Municipality}/contacts")),
        new("POST", "/api/participants/{participantId}/contacts", Rule.ChangeOwn, c => Send(HttpMethod.Post, $"/api/participants/{c.Municipality}/contacts", ContactBody("Ny Person"))),
        new("PUT", "/api/contacts/{contactId:guid}", Rule.ChangeOwn, c => Send(HttpMethod.Put, $"/api/contacts/{c.Contact}", ContactBody("Endret Person"))),
        new("GET", "/api/contacts/{contactId:guid}/export", Rule.OwnerPolicy, c => Get($"/api/contacts/{c.Contact}/export")),
        new("DELETE", "/api/contacts/{contactId:guid}", Rule.OwnerPolicy, c => Send(HttpMethod.Delete, $"/api/contacts/{c.Contact}")),
        new("GET", "/api/me/notifications/", Rule.AnySignedIn, _ => Get("/api/me/notifications")),
        new("POST", "/api/me/notifications/{id:guid}/read", Rule.RecipientOnly, c => Send(HttpMethod.Post, $"/api/me/notifications/{c.Notification}/read")),
        new("GET", "/api/outbox/failed", Rule.OwnerPolicy, _ => Get("/api/outbox/failed")),
        new("GET", "/api/reminders/nobody-to-send-to", Rule.OwnerPolicy, _ => Get("/api/reminders/nobody-to-send-to")),
        new("POST", "/api/status-reports/{definitionKey}", Rule.OwnerPolicy, _ => Send(HttpMethod.Post, "/api/status-reports/fremtidens-kulturskole")),
        new("GET", "/api/status-reports/", Rule.OverviewPolicy, _ => Get("/api/status-reports?definition=fremtidens-kulturskole")),
        new("GET", "/api/status-reports/{id:guid}", Rule.OverviewPolicy, c => Get($"/api/status-reports/{c.StatusReport}")),
        new("GET", "/api/status-reports/{id:guid}/compare/{otherId:guid}", Rule.OverviewPolicy, c => Get($"/api/status-reports/{c.StatusReport}/compare/{c.OtherStatusReport}")),
        new("GET", "/api/status-reports/{id:guid}/export.csv", Rule.OverviewPolicy, c => Get($"/api/status-reports/{c.StatusReport}/export.csv")),
        new("GET", "/api/status-reports/{id:guid}/export.xlsx", Rule.OverviewPolicy, c => Get($"/api/status-reports/{c.StatusReport}/export.xlsx")),
        new("POST", "/api/calendar-feeds/", Rule.ChangeOwn, c => Send(HttpMethod.Post, "/api/calendar-feeds", new { kind = "participant", participantId = c.Municipality })),
        new("GET", "/api/calendar-feeds/", Rule.AnySignedIn, _ => Get("/api/calendar-feeds")),
        new("DELETE", "/api/calendar-feeds/{id:guid}", Rule.CreatorOrOwner, c => Send(HttpMethod.Delete, $"/api/calendar-feeds/{c.CalendarFeed}")),
        new("GET", "/api/me", Rule.AnySignedIn, _ => Get("/api/me")),
        new("GET", "/api/me/access-tokens/", Rule.AnySignedIn, _ => Get("/api/me/access-tokens")),
        new("POST", "/api/me/access-tokens/", Rule.AnySignedIn, _ => Send(HttpMethod.Post, "/api/me/access-tokens", new { name = "Matrise", scope = "read" })),
        new("DELETE", "/api/me/access-tokens/{id:guid}", Rule.CreatorOrOwner, c => Send(HttpMethod.Delete, $"/api/me/access-tokens/{c.AccessToken}")),
        new("GET", "/api/people/", Rule.OwnerPolicy, _ => Get("/api/people?q=test")),
        new("DELETE", "/api/people/{personId}", Rule.OwnerPolicy, c => Send(HttpMethod.Delete, $"/api/people/{c.ErasablePerson}")),
        new("GET", "/api/participants/{participantId}/members", Rule.ChangeOwn, c => Get($"/api/participants/{c.Municipality}/members")),
        new("POST", "/api/invitations", Rule.ChangeOwn, c => Send(HttpMethod.Post, "/api/invitations",
            new { email = $"invitert-{c.Municipality}@kommune.test", name = "Invitert Person", role = "participant", participantId = c.Municipality })),
        new("DELETE", "/api/invitations/{id:guid}", Rule.ChangeOwn, c => Send(HttpMethod.Delete, $"/api/invitations/{c.Invitation}")),
        new("PUT", "/api/memberships/{id:guid}", Rule.ChangeOwn, c => Send(HttpMethod.Put, $"/api/memberships/{c.Membership}", new { role = "participant" })),
        // Each allowed caller removes a membership of its own: a removed one would answer 404.
        new("DELETE", "/api/memberships/{id:guid}", Rule.ChangeOwn, c => Send(HttpMethod.Delete, $"/api/memberships/{c.FreshMembership()}")),
    ];

    private static HttpStatusCode[] Expected(Rule rule, Caller caller) => (rule, caller) switch
    {
        (_, Caller.Anonymous) => [HttpStatusCode.Unauthorized],
        (Rule.AuthorOnly, Caller.Coordinator) => [],
        (Rule.AuthorOnly, Caller.ForeignCoordinator or Caller.ForeignParticipant) => [HttpStatusCode.NotFound],
        (Rule.AuthorOnly, _) => [HttpStatusCode.Forbidden],
        (Rule.RecipientOnly, Caller.Coordinator) => [],
        (Rule.RecipientOnly, _) => [HttpStatusCode.NotFound],
        (Rule.CreatorOrOwner, Caller.Coordinator or Caller.Owner) => [],
        (Rule.CreatorOrOwner, _) => [HttpStatusCode.NotFound],
        (Rule.AnySignedIn, _) => [],
        (_, Caller.Owner) => [],
        (Rule.OverviewPolicy, Caller.Steering) => [],
        (Rule.OwnerPolicy or Rule.OverviewPolicy, _) => [HttpStatusCode.Forbidden],
        (_, Caller.ForeignCoordinator or Caller.ForeignParticipant) => [HttpStatusCode.NotFound],
        (Rule.ReadOwn, _) => [],
        (Rule.ChangeOwn or Rule.WorkAssigned, Caller.Coordinator) => [],
        (Rule.WorkAssigned, Caller.Participant) => [],
        _ => [HttpStatusCode.Forbidden],
    };

    [Fact]
    public void EveryEndpoint_HasAnEntry()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .Order().ToList();
        var covered = Matrix.Select(e => $"{e.Method} {Normalise(e.Pattern)}").ToHashSet();
        var missing = endpoints.Where(e => !covered.Contains(e)).ToList();
        var stale = covered.Where(c => !endpoints.Contains(c)).ToList();
        Assert.True(missing.Count == 0, $"Endpoints without an authorization matrix entry: {string.Join(", ", missing)}");
        Assert.True(stale.Count == 0, $"Matrix entries for endpoints that no longer exist: {string.Join(", ", stale)}");
    }

    private static string Normalise(string pattern) => pattern.TrimEnd('/');

    public static TheoryData<int> Entries() => new(Enumerable.Range(0, Matrix.Length));

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task EveryRole_GetsTheExpectedAnswer(int index)
    {
        var entry = Matrix[index];
        var municipality = Municipality.Official2024[20 + index].Number;
        var foreign = Municipality.Official2024[200 + index].Number;
        var context = await ArrangeAsync(municipality);

        // Denied callers first: they must change nothing, so allowed callers then see a clean programme.
        var callers = Enum.GetValues<Caller>().OrderBy(c => Expected(entry.Rule, c).Length == 0).ToList();
        foreach (var caller in callers)
        {
            var before = await TestProgrammes.VersionAsync(app, context.Programme);
            var client = caller switch
            {
                Caller.Anonymous => app.CreateClient(),
                Caller.Owner => app.ClientAs(Roles.Owner),
                Caller.Steering => app.ClientAs(Roles.Steering),
                Caller.Coordinator => app.ClientAs(Roles.Coordinator, municipality),
                Caller.ForeignCoordinator => app.ClientFor("test-coordinator-foreign", Roles.Coordinator, foreign),
                Caller.Participant => app.ClientAs(Roles.Participant, municipality),
                _ => app.ClientFor("test-participant-foreign", Roles.Participant, foreign),
            };
            var response = await client.SendAsync(entry.Request(context));
            var expected = Expected(entry.Rule, caller);
            var status = response.StatusCode;
            if (expected.Length > 0)
            {
                Assert.True(expected.Contains(status), $"{entry.Method} {entry.Pattern} as {caller}: expected {string.Join('/', expected)}, got {(int)status}");
                Assert.Equal(before, await TestProgrammes.VersionAsync(app, context.Programme));
            }
            else
            {
                Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)status < 500,
                    $"{entry.Method} {entry.Pattern} as {caller}: expected access, got {(int)status}");
            }
        }
    }

    private async Task<Context> ArrangeAsync(string municipality)
    {
        var programme = await app.StartAsync(municipality);
        var participant = await app.AddContactAsync(municipality, $"Deltaker {municipality}", userSubject: "test-participant");
        var assigned = await app.ClientAs(Roles.Owner).PutAsJsonAsync($"/api/programmes/{programme}/tasks/forankre-politisk/assignee", new { contactPersonId = participant });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var region = await app.WithDbAsync(async db =>
        {
            var r = new Region { Id = Guid.CreateVersion7(), Name = $"Region {municipality}", Members = [new() { MunicipalityNumber = municipality }] };
            db.Regions.Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });
        var contact = await app.AddContactAsync(municipality, $"Kontakt {municipality}");
        var owner = app.ClientAs(Roles.Owner);
        var deviation = await owner.PostAsJsonAsync($"/api/programmes/{programme}/deviations", DeviationBody);
        var risk = await owner.PostAsJsonAsync($"/api/programmes/{programme}/risks", RiskBody);
        Assert.Equal(HttpStatusCode.Created, deviation.StatusCode);
        Assert.Equal(HttpStatusCode.Created, risk.StatusCode);
        var notification = await app.WithDbAsync(async db =>
        {
            var n = new Api.Features.Notifications.Notification
            {
                Id = Guid.CreateVersion7(), RecipientSubject = "test-coordinator", ProgrammeId = programme, Title = "Påminnelse", Body = "Frist i morgen", CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Notifications.Add(n);
            await db.SaveChangesAsync();
            return n.Id;
        });
        var older = await app.SendAsync<Result<StatusReportView>>(new CompileStatus(ProgrammeSteps.DefaultDefinition));
        var newer = await app.SendAsync<Result<StatusReportView>>(new CompileStatus(ProgrammeSteps.DefaultDefinition));
        var coordinator = app.ClientAs(Roles.Coordinator, municipality);
        var feed = await coordinator.PostAsJsonAsync("/api/calendar-feeds", new { kind = "participant", participantId = municipality });
        Assert.Equal(HttpStatusCode.Created, feed.StatusCode);
        var token = await coordinator.PostAsJsonAsync("/api/me/access-tokens", new { name = "Skript", scope = "readWrite" });
        var invitation = await owner.PostAsJsonAsync("/api/invitations", new { email = $"ventende-{municipality}@kommune.test", name = "Ventende", role = "participant", participantId = municipality });
        var member = app.MembershipFor($"medlem-{municipality}", Roles.Participant, municipality);
        var erasable = $"slettes-{municipality}";
        TestPeople.Ensure(app.ConnectionString, erasable, "Slettes", Roles.Participant, [municipality]);
        var fresh = 0;
        Guid FreshMembership()
        {
            var person = $"fjernes-{municipality}-{Interlocked.Increment(ref fresh)}";
            TestPeople.Ensure(app.ConnectionString, person, "Fjernes", Roles.Participant, [municipality]);
            return TestPeople.MembershipId(app.ConnectionString, person, municipality);
        }

        var learning = (await (await coordinator.PostAsJsonAsync($"/api/programmes/{programme}/learning",
            new { stageKey = "forankring", whatWeTried = "Dialogmøte", whatWeLearned = "Samarbeid" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var draft = (await (await owner.PostAsJsonAsync("/api/definitions/drafts", new { key = $"matrise-{municipality}" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return new Context(programme, municipality, region, contact,
            (await deviation.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid(),
            (await risk.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid(),
            notification, newer.Value!.Id, older.Value!.Id,
            (await feed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid(),
            (await token.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid(),
            (await invitation.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid(),
            member, erasable, FreshMembership, draft, learning);
    }
}
