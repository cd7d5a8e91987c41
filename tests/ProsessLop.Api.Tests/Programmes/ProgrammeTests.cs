using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Programmes;

public sealed class ProgrammeTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static HttpRequestMessage Post(string url, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Fact]
    public async Task Owner_StartsAProgramme_WithAScheduleFromTheDefinition()
    {
        var id = await app.StartAsync("1833", new DateOnly(2027, 8, 23));
        var response = await app.ClientAs(Roles.Coordinator, "1833").GetAsync($"/api/programmes/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);

        var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Rana - Raane", detail.GetProperty("participant").GetProperty("name").GetString());
        Assert.Equal("forankring", detail.GetProperty("currentStage").GetString());
        Assert.Equal(6, detail.GetProperty("stages").GetArrayLength());
        // Week 8 from Monday 23 August 2027 is Monday 18 October 2027.
        Assert.Equal("2027-10-18", detail.Report("kartleggingsrapport").GetProperty("due").GetString());
        Assert.Equal(["forankring", "kommunegruppe", "forventninger"],
            detail.Report("forankringsnotat").GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("key").GetString()));

        var journal = await app.WithDbAsync(db => db.JournalEntries.Where(j => j.ProgrammeId == id).Select(j => j.Action).ToListAsync());
        Assert.Equal(["programme-started"], journal);
    }

    [Fact]
    public async Task SecondActiveProgramme_ForTheSameParticipantAndDefinition_IsAConflict()
    {
        await app.StartAsync("1101");
        var again = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/programmes", new
        {
            definitionKey = "fremtidens-kulturskole", definitionVersion = 1, participantKind = "municipality", participantId = "1101", startDate = "2027-08-23",
        });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task StartProgramme_WithUnknownParticipantOrDefinition_Gives400_NamingTheField()
    {
        var owner = app.ClientAs(Roles.Owner);
        var unknown = await owner.PostAsJsonAsync("/api/programmes", new
        {
            definitionKey = "fremtidens-kulturskole", definitionVersion = 1, participantKind = "municipality", participantId = "9999", startDate = "2027-08-23",
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("participantId", out _));

        var region = await owner.PostAsJsonAsync("/api/programmes", new
        {
            definitionKey = "fremtidens-kulturskole", definitionVersion = 1, participantKind = "region", participantId = Guid.NewGuid(), startDate = "2027-08-23",
        });
        Assert.Equal(HttpStatusCode.BadRequest, region.StatusCode);
        Assert.True((await region.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("participantKind", out _));
    }

    [Fact]
    public async Task Coordinator_AssignsStartsAndCompletesATask_AndEachStepIsJournalled()
    {
        var id = await app.StartAsync("1103");
        var kari = await app.AddContactAsync("1103", "Kari Nordmann");
        var coordinator = app.ClientAs(Roles.Coordinator, "1103");

        var assign = await coordinator.PutAsJsonAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/assignee", new { contactPersonId = kari });
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/start", null)).StatusCode);
        var complete = await coordinator.PostAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/complete", null);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal("Done", (await complete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemStatus").GetString());

        var task = (await coordinator.DetailAsync(id)).Task("utpeke-kontaktperson");
        Assert.Equal("done", task.GetProperty("status").GetString());
        Assert.Equal("Kari Nordmann", task.GetProperty("assignee").GetProperty("name").GetString());

        var journal = await app.WithDbAsync(db => db.JournalEntries.Where(j => j.ProgrammeId == id).OrderBy(j => j.Id).Select(j => new { j.Action, j.ActorId, j.After }).ToListAsync());
        Assert.Equal(["programme-started", "task-assigned", "StartTask", "CompleteTask"], journal.Select(j => j.Action));
        Assert.Equal("test-coordinator", journal[^1].ActorId);
        Assert.Contains("Done", journal[^1].After);
    }

    [Fact]
    public async Task Coordinator_OfAnotherMunicipality_GetsNotFound_AndChangesNothing()
    {
        var id = await app.StartAsync("1804");
        var asker = app.ClientAs(Roles.Coordinator, "3203");

        Assert.Equal(HttpStatusCode.NotFound, (await asker.GetAsync($"/api/programmes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asker.GetAsync($"/api/programmes/{id}/journal")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asker.PostAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/start", null)).StatusCode);
        var list = await asker.GetFromJsonAsync<JsonElement>("/api/programmes");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);

        var task = (await app.ClientAs(Roles.Owner).DetailAsync(id)).Task("utpeke-kontaktperson");
        Assert.Equal("open", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SteeringGroup_ReadsEverything_ButChangesNothing()
    {
        var id = await app.StartAsync("3201");
        var steering = app.ClientAs(Roles.Steering);
        Assert.Equal(HttpStatusCode.OK, (await steering.GetAsync($"/api/programmes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PostAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/start", null)).StatusCode);
        Assert.Empty((await steering.DetailAsync(id)).GetProperty("allowedActions").EnumerateArray());
    }

    [Fact]
    public async Task Participant_WorksOnlyTasksAssignedToThem()
    {
        var id = await app.StartAsync("4601");
        var ola = await app.AddContactAsync("4601", "Ola Nordmann", userSubject: "test-participant");
        await app.ClientAs(Roles.Coordinator, "4601").PutAsJsonAsync($"/api/programmes/{id}/tasks/forankre-politisk/assignee", new { contactPersonId = ola });
        var participant = app.ClientAs(Roles.Participant, "4601");
        var allowed = (await participant.DetailAsync(id)).GetProperty("allowedActions").EnumerateArray()
            .Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("target").GetString())).ToList();
        Assert.Contains(("startTask", "forankre-politisk"), allowed);
        Assert.All(allowed, a => Assert.Equal("forankre-politisk", a.Item2));

        Assert.Equal(HttpStatusCode.OK, (await participant.PostAsync($"/api/programmes/{id}/tasks/forankre-politisk/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsync($"/api/programmes/{id}/tasks/forankre-administrativt/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsync($"/api/programmes/{id}/reports/forankringsnotat/submit", null)).StatusCode);

        var mine = await participant.GetFromJsonAsync<JsonElement>("/api/me/tasks");
        var task = Assert.Single(mine.EnumerateArray());
        Assert.Equal("forankre-politisk", task.GetProperty("taskKey").GetString());
        Assert.Equal("inProgress", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Report_IsWritten_Submitted_Returned_Resubmitted_AndApproved()
    {
        var id = await app.StartAsync("4627");
        var coordinator = app.ClientAs(Roles.Coordinator, "4627");
        var owner = app.ClientAs(Roles.Owner);
        var url = $"/api/programmes/{id}/reports/forankringsnotat";

        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"{url}/sections/forankring", new { text = "Forankret i kommunestyret 12.06." })).StatusCode);
        var unknownSection = await coordinator.PutAsJsonAsync($"{url}/sections/finnes-ikke", new { text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownSection.StatusCode);
        var attachment = await coordinator.PostAsJsonAsync($"{url}/attachments", new { title = "Vedtak", url = "https://askoy.kommune.no/vedtak.pdf" });
        Assert.Equal(HttpStatusCode.OK, attachment.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"{url}/attachments", new { title = "Vedtak", url = "javascript:alert(1)" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"{url}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PutAsJsonAsync($"{url}/sections/forankring", new { text = "Endret etter innsending" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsync($"{url}/approve", null)).StatusCode);
        Assert.Equal(1, (await owner.GetFromJsonAsync<JsonElement>("/api/programmes?awaitingReview=true")).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"{url}/return", new { note = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"{url}/return", new { note = "Beskriv forventningene tydeligere." })).StatusCode);
        var returned = (await coordinator.DetailAsync(id)).Report("forankringsnotat");
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        Assert.Equal("Beskriv forventningene tydeligere.", returned.GetProperty("returnComment").GetString());

        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"{url}/sections/forventninger", new { text = "Vi forventer ..." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"{url}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"{url}/approve", null)).StatusCode);

        var approved = (await owner.DetailAsync(id)).Report("forankringsnotat");
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal(2, approved.GetProperty("submissions").GetInt32());
        Assert.Equal("Vi forventer ...", approved.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "forventninger").GetProperty("text").GetString());
        Assert.Single(approved.GetProperty("attachments").EnumerateArray());
    }

    [Fact]
    public async Task StaleIfMatch_Gives409_AndChangesNothing_WhileTheCurrentETagWorks()
    {
        var id = await app.StartAsync("5001");
        var coordinator = app.ClientAs(Roles.Coordinator, "5001");
        var etag = (await coordinator.GetAsync($"/api/programmes/{id}")).Headers.ETag!.Tag;

        var first = await coordinator.SendAsync(Post($"/api/programmes/{id}/tasks/forankre-politisk/start", ifMatch: etag));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);

        var stale = await coordinator.SendAsync(Post($"/api/programmes/{id}/tasks/forankre-administrativt/start", ifMatch: etag));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal("open", (await coordinator.DetailAsync(id)).Task("forankre-administrativt").GetProperty("status").GetString());

        var fresh = await coordinator.SendAsync(Post($"/api/programmes/{id}/tasks/forankre-administrativt/start", ifMatch: first.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task LeavingAStage_BeforeItsGateIsSatisfied_IsRefused_WithTheReasons()
    {
        var id = await app.StartAsync("1506");
        var response = await app.ClientAs(Roles.Coordinator, "1506").PostAsync($"/api/programmes/{id}/stages/forankring/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Programeier har ikke fattet beslutning", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PassingTheGate_MovesTheProgrammeToTheNextStage()
    {
        var id = await app.StartAsync("1508");
        var coordinator = app.ClientAs(Roles.Coordinator, "1508");
        var owner = app.ClientAs(Roles.Owner);
        foreach (var task in new[] { "utpeke-kontaktperson", "forankre-administrativt", "forankre-politisk", "etablere-kommunegruppe", "signere-deltakeravtale" })
        {
            Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{id}/tasks/{task}/complete", null)).StatusCode);
        }

        await coordinator.PostAsync($"/api/programmes/{id}/reports/forankringsnotat/submit", null);
        await owner.PostAsync($"/api/programmes/{id}/reports/forankringsnotat/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync($"/api/programmes/{id}/stages/forankring/decision", new { note = "ok" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/programmes/{id}/stages/forankring/decision", new { note = "Godt forankret." })).StatusCode);

        var detail = await coordinator.DetailAsync(id);
        Assert.Contains(detail.GetProperty("allowedActions").EnumerateArray(), a => a.GetProperty("kind").GetString() == "completeStage");
        var moved = await coordinator.PostAsync($"/api/programmes/{id}/stages/forankring/complete", null);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("kartlegging", (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentStage").GetString());
    }

    [Fact]
    public async Task Withdrawal_NeedsAReason_KeepsTheHistory_AndEndsAllChanges()
    {
        var id = await app.StartAsync("1577");
        var owner = app.ClientAs(Roles.Owner);
        await app.ClientAs(Roles.Coordinator, "1577").PostAsync($"/api/programmes/{id}/tasks/forankre-politisk/complete", null);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "1577").PostAsJsonAsync($"/api/programmes/{id}/withdraw", new { note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/programmes/{id}/withdraw", new { note = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/programmes/{id}/withdraw", new { note = "Kommunen prioriterer andre tiltak." })).StatusCode);

        var detail = await owner.DetailAsync(id);
        Assert.Equal("withdrawn", detail.GetProperty("status").GetString());
        Assert.Equal("Kommunen prioriterer andre tiltak.", detail.GetProperty("withdrawalReason").GetString());
        Assert.Equal("done", detail.Task("forankre-politisk").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await app.ClientAs(Roles.Coordinator, "1577").PostAsync($"/api/programmes/{id}/tasks/forankre-administrativt/start", null)).StatusCode);
        // A new programme may start after a withdrawal.
        await app.StartAsync("1577");
    }

    [Fact]
    public async Task OverPostedFields_AreIgnored()
    {
        var response = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/programmes", new
        {
            definitionKey = "fremtidens-kulturskole", definitionVersion = 1, participantKind = "municipality", participantId = "1505", startDate = "2027-08-23",
            status = "Withdrawn", participantName = "Hackerby", health = "Done",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var stored = await app.WithDbAsync(db => db.Programmes.SingleAsync(p => p.Id == id));
        Assert.Equal("Kristiansund", stored.ParticipantName);
        Assert.Equal(Workflow.Engine.ProgrammeStatus.Active, stored.Status);
    }

    [Fact]
    public async Task List_FiltersByCountyAndOverdue_AndPages()
    {
        var past = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-70);
        var late = await app.StartAsync("1813", past);
        // Forankring deadlines lie weeks before the start, so "not yet overdue" needs a start months ahead.
        var later = await app.StartAsync("1820", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(120));
        var owner = app.ClientAs(Roles.Owner);

        var nordland = await owner.GetFromJsonAsync<JsonElement>("/api/programmes?county=18&pageSize=100");
        var ids = nordland.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(late, ids);
        Assert.Contains(later, ids);
        Assert.All(nordland.GetProperty("items").EnumerateArray(), p => Assert.Contains("18", p.GetProperty("countyNumbers").EnumerateArray().Select(c => c.GetString())));

        var overdue = await owner.GetFromJsonAsync<JsonElement>("/api/programmes?county=18&overdue=true");
        var overdueIds = overdue.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(late, overdueIds);
        Assert.DoesNotContain(later, overdueIds);

        var page = await owner.GetFromJsonAsync<JsonElement>("/api/programmes?pageSize=1&page=2");
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.True(page.GetProperty("total").GetInt32() >= 2);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/api/programmes?pageSize=0")).StatusCode);
    }

    [Fact]
    public async Task Timeline_IsInDateOrder_AndJournalPages()
    {
        var id = await app.StartAsync("1824");
        var coordinator = app.ClientAs(Roles.Coordinator, "1824");
        var timeline = await coordinator.GetFromJsonAsync<JsonElement>($"/api/programmes/{id}/timeline");
        var dates = timeline.EnumerateArray().Select(e => DateOnly.Parse(e.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.Order(), dates);
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "report-due" && e.GetProperty("target").GetString() == "statusrapport#1");

        await coordinator.PostAsync($"/api/programmes/{id}/tasks/forankre-politisk/start", null);
        await coordinator.PostAsync($"/api/programmes/{id}/tasks/forankre-politisk/complete", null);
        var first = await coordinator.GetFromJsonAsync<JsonElement>($"/api/programmes/{id}/journal?take=2");
        Assert.Equal(["CompleteTask", "StartTask"], first.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var next = first.GetProperty("nextBefore").GetInt64();
        var second = await coordinator.GetFromJsonAsync<JsonElement>($"/api/programmes/{id}/journal?take=2&before={next}");
        Assert.Equal(["programme-started"], second.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }
}
