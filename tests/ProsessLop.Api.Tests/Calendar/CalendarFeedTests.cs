using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Calendar;

public sealed class CalendarFeedTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static async Task<(Guid Id, string Url)> CreateFeedAsync(HttpClient client, object body)
    {
        var created = await (await client.PostAsJsonAsync("/api/calendar-feeds", body)).JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("url").GetString()!);
    }

    /// The feed as a calendar app fetches it: no sign-in, the token in the path.
    private async Task<(string Text, Ical.Net.Calendar Calendar)> FetchAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(new Uri(url).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = await response.Content.ReadAsStringAsync();
        return (text, Ical.Net.Calendar.Load(text)!);
    }

    private static IEnumerable<JsonElement> OpenItems(JsonElement detail, string kind) =>
        detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty(kind).EnumerateArray())
            .Where(i => !i.GetProperty("retired").GetBoolean() && i.GetProperty("status").GetString() is "open" or "inProgress" or "draft" or "returned");

    [Fact]
    public async Task ParticipantFeed_HoldsEveryOpenDeadline_AsAllDayEvents()
    {
        var programme = await app.StartAsync("1804", TestProgrammes.Start);
        var (_, url) = await CreateFeedAsync(app.ClientAs(Roles.Coordinator, "1804"), new { kind = "participant", participantId = "1804" });
        Assert.Matches(@"/calendar/[A-Za-z0-9_-]{43}\.ics$", url);

        var (text, calendar) = await FetchAsync(url);
        var detail = await app.ClientAs(Roles.Owner).DetailAsync(programme);
        var expected = OpenItems(detail, "tasks").Select(t => ($"{programme}-task-{t.GetProperty("key").GetString()}@prosesslop", t.GetProperty("due").GetString()!))
            .Concat(OpenItems(detail, "reports").Select(r => ($"{programme}-report-{r.GetProperty("key").GetString()}@prosesslop", r.GetProperty("due").GetString()!)))
            .Order().ToList();
        var events = calendar.Events.Select(e => (e.Uid!, e.DtStart!.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).Order().ToList();
        Assert.Equal(expected, events);
        Assert.All(calendar.Events, e => Assert.False(e.DtStart!.HasTime));

        var mapping = calendar.Events.Single(e => e.Uid == $"{programme}-report-kartleggingsrapport@prosesslop");
        Assert.Equal("Frist: Kartleggingsrapport – Bodø", mapping.Summary);
        Assert.Equal($"/deltaker/{programme}", mapping.Url!.AbsolutePath);
        Assert.Contains(mapping.Url.ToString(), mapping.Description, StringComparison.Ordinal);
        await BrowserLinks.AssertOpensAPageAsync(app, mapping.Url);
        Assert.Contains("Kartlegging", mapping.Description, StringComparison.Ordinal);
        // The one vocabulary: a task not started is «ikke startet», as on the pages.
        Assert.All(calendar.Events.Where(e => e.Uid!.Contains("-task-", StringComparison.Ordinal)),
            e => Assert.Contains("ikke startet", e.Description, StringComparison.Ordinal));

        // RFC 5545: CRLF only, no line longer than 75 octets.
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
    }

    [Fact]
    public async Task AfterAChange_UidsStay_TheDoneTaskGoes_AndDtStampMoves()
    {
        var programme = await app.StartAsync("1806", TestProgrammes.Start);
        var coordinator = app.ClientAs(Roles.Coordinator, "1806");
        var (_, url) = await CreateFeedAsync(coordinator, new { kind = "participant", participantId = "1806" });
        var (_, before) = await FetchAsync(url);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{programme}/tasks/utpeke-kontaktperson/complete", null)).StatusCode);
        var (_, after) = await FetchAsync(url);

        var done = $"{programme}-task-utpeke-kontaktperson@prosesslop";
        Assert.Equal(before.Events.Select(e => e.Uid).Where(u => u != done).Order(), after.Events.Select(e => e.Uid).Order());
        Assert.DoesNotContain(after.Events, e => e.Uid == done);
        var uid = $"{programme}-report-kartleggingsrapport@prosesslop";
        var old = before.Events.Single(e => e.Uid == uid);
        var changed = after.Events.Single(e => e.Uid == uid);
        Assert.True(changed.DtStamp!.Value > old.DtStamp!.Value);
        Assert.True(changed.Sequence > old.Sequence);
        Assert.Equal(old.DtStart!.Date, changed.DtStart!.Date);
    }

    [Fact]
    public async Task PersonFeed_HoldsOnlyTheTasksAssignedToThatPerson()
    {
        var programme = await app.StartAsync("1833", TestProgrammes.Start);
        var contact = await app.AddContactAsync("1833", "Kari Nordmann", userSubject: "kari");
        await app.AddContactAsync("1833", "Ola Nordmann", userSubject: "ola");
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(Roles.Owner).PutAsJsonAsync(
            $"/api/programmes/{programme}/tasks/forankre-politisk/assignee", new { contactPersonId = contact })).StatusCode);

        var kari = app.ClientFor("kari", Roles.Participant, "1833");
        var (_, url) = await CreateFeedAsync(kari, new { kind = "person" });
        var (_, calendar) = await FetchAsync(url);
        var single = Assert.Single(calendar.Events);
        Assert.Equal($"{programme}-task-forankre-politisk@prosesslop", single.Uid);
        Assert.StartsWith("Frist: Forankre deltakelsen politisk – ", single.Summary, StringComparison.Ordinal);
        Assert.Equal("/min-kommune", single.Url!.AbsolutePath);
        Assert.Equal($"#oppgave-{programme}-forankre-politisk", single.Url.Fragment);
        await BrowserLinks.AssertOpensAPageAsync(app, single.Url);

        var (_, olas) = await FetchAsync((await CreateFeedAsync(app.ClientFor("ola", Roles.Participant, "1833"), new { kind = "person" })).Url);
        Assert.Empty(olas.Events);

        var mine = await (await kari.GetAsync("/api/calendar-feeds")).JsonAsync(HttpStatusCode.OK);
        var listed = Assert.Single(mine.EnumerateArray());
        Assert.Equal("person", listed.GetProperty("kind").GetString());
        Assert.False(listed.TryGetProperty("url", out _));
        Assert.DoesNotContain(new Uri(url).AbsolutePath.Split('/')[^1].Replace(".ics", "", StringComparison.Ordinal), mine.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedAndUnknownTokens_Get404()
    {
        await app.StartAsync("1813", TestProgrammes.Start);
        var coordinator = app.ClientAs(Roles.Coordinator, "1813");
        var (id, url) = await CreateFeedAsync(coordinator, new { kind = "participant", participantId = "1813" });
        await FetchAsync(url);

        // Another coordinator cannot see, let alone revoke, the feed.
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("someone-else", Roles.Coordinator, "1813").DeleteAsync($"/api/calendar-feeds/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"/api/calendar-feeds/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(new Uri(url).AbsolutePath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/calendar/{Convert.ToHexString(RandomNumberGenerator.GetBytes(32))}.ics")).StatusCode);
        var listed = await (await coordinator.GetAsync("/api/calendar-feeds")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, listed.EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == id).GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Coordinator_CannotCreateAFeed_ForAnotherMunicipality()
    {
        await app.StartAsync("1824", TestProgrammes.Start);
        await app.StartAsync("1826", TestProgrammes.Start);
        var response = await app.ClientAs(Roles.Coordinator, "1824").PostAsJsonAsync("/api/calendar-feeds", new { kind = "participant", participantId = "1826" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Steering).PostAsJsonAsync("/api/calendar-feeds", new { kind = "participant", participantId = "1824" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientAs(Roles.Coordinator, "1824").PostAsJsonAsync("/api/calendar-feeds", new { kind = "participant" })).StatusCode);
    }

    [Fact]
    public async Task TheToken_IsStoredOnlyAsItsSha256()
    {
        await app.StartAsync("1865", TestProgrammes.Start);
        var (id, url) = await CreateFeedAsync(app.ClientAs(Roles.Owner), new { kind = "participant", participantId = "1865" });
        var token = new Uri(url).AbsolutePath.Split('/')[^1][..^".ics".Length];
        var feed = await app.WithDbAsync(db => db.CalendarFeeds.AsNoTracking().SingleAsync(f => f.Id == id));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), feed.TokenHash);
        var row = await app.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT row_to_json(f)::text AS \"Value\" FROM calendar_feeds f WHERE id = {id}").SingleAsync());
        Assert.DoesNotContain(token, row, StringComparison.Ordinal);
    }
}
