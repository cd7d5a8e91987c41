using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Risks;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.Programmes;

/// One rule for every command that changes a programme: a stale If-Match is a 409 whoever sends
/// it and whatever the command, and a closed programme accepts only what the engine lets through.
/// Every refusal changes nothing: no row, no journal entry, no new version.
public sealed class ChangeRuleTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static readonly object DeviationBody = new
    {
        description = "Samlingen ble avlyst", cause = "Sykdom", consequence = "Forsinkelse", action = "Ny dato", owner = "Rektor", deadline = "2027-10-01", status = "open",
    };

    private static readonly object RiskBody = new { description = "Nøkkelperson slutter", probability = 2, consequence = 4, mitigation = "Dokumentere", owner = "Kommunalsjef", status = "open" };

    private static readonly object LearningBody = new { stageKey = "forankring", whatWeTried = "Dialogmøte", whatWeLearned = "Samarbeid lønner seg", adviceToOthers = "Start tidlig" };

    private static readonly object CommentBody = new { target = "forankring", text = "Hvordan går det med vedtaket?" };

    private static HttpRequestMessage Request(HttpMethod method, string url, object? body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private static async Task<string> ETagAsync(HttpClient client, Guid programme) =>
        (await client.GetAsync($"/api/programmes/{programme}")).Headers.ETag!.Tag;

    /// Everything a command could write for a programme, so "nothing written" is one comparison.
    private Task<string> WrittenAsync(Guid programme) => app.WithDbAsync(async db =>
    {
        var version = await db.Programmes.Where(p => p.Id == programme).Select(p => p.Version).SingleAsync();
        var journal = await db.JournalEntries.CountAsync(j => j.ProgrammeId == programme);
        var deviations = await db.Deviations.Where(d => d.ProgrammeId == programme).OrderBy(d => d.Id).Select(d => d.Version).ToListAsync();
        var risks = await db.Risks.Where(r => r.ProgrammeId == programme).OrderBy(r => r.Id).Select(r => r.Version).ToListAsync();
        var learning = await db.LearningEntries.CountAsync(l => l.ProgrammeId == programme);
        var comments = await db.Comments.CountAsync(c => c.ProgrammeId == programme);
        var drafts = await db.ReportDrafts.Where(d => d.ProgrammeId == programme).OrderBy(d => d.ReportKey).Select(d => new { d.ReportKey, d.Sections, d.Attachments }).ToListAsync();
        var assignments = await db.TaskAssignments.Where(a => a.ProgrammeId == programme).OrderBy(a => a.TaskKey).Select(a => new { a.TaskKey, a.ContactPersonId }).ToListAsync();
        return JsonSerializer.Serialize(new { version, journal, deviations, risks, learning, comments, drafts, assignments });
    });

    [Fact]
    public async Task Participant_WithAStaleIfMatch_OnTheirOwnTask_Gets409_AndChangesNothing()
    {
        var id = await app.StartAsync("4601");
        var ola = await app.AddContactAsync("4601", "Ola Nordmann", userSubject: "test-participant");
        var coordinator = app.ClientAs(Roles.Coordinator, "4601");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/programmes/{id}/tasks/forankre-politisk/assignee", new { contactPersonId = ola })).StatusCode);
        var participant = app.ClientAs(Roles.Participant, "4601");
        var etag = await ETagAsync(participant, id);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{id}/tasks/forankre-administrativt/start", null)).StatusCode);
        var before = await WrittenAsync(id);

        var stale = await participant.SendAsync(Request(HttpMethod.Post, $"/api/programmes/{id}/tasks/forankre-politisk/start", null, etag));

        var problem = await stale.JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Contains("If-Match", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await WrittenAsync(id));
        Assert.Equal("open", (await participant.DetailAsync(id)).Task("forankre-politisk").GetProperty("status").GetString());

        var fresh = await participant.SendAsync(Request(HttpMethod.Post, $"/api/programmes/{id}/tasks/forankre-politisk/start", null, await ETagAsync(participant, id)));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    public static TheoryData<string, string> CreateEndpoints() => new()
    {
        { "deviations", "1804" },
        { "risks", "1833" },
        { "learning", "5001" },
        { "comments", "3201" },
    };

    private static object BodyFor(string collection) => collection switch
    {
        "deviations" => DeviationBody,
        "risks" => RiskBody,
        "learning" => LearningBody,
        _ => CommentBody,
    };

    [Theory]
    [MemberData(nameof(CreateEndpoints))]
    public async Task Create_WithAStaleIfMatch_Gets409_AndWritesNothing_WhileTheCurrentETagWorks(string collection, string municipality)
    {
        var id = await app.StartAsync(municipality);
        var coordinator = app.ClientAs(Roles.Coordinator, municipality);
        var etag = await ETagAsync(coordinator, id);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{id}/tasks/forankre-politisk/start", null)).StatusCode);
        var before = await WrittenAsync(id);

        var stale = await coordinator.SendAsync(Request(HttpMethod.Post, $"/api/programmes/{id}/{collection}", BodyFor(collection), etag));

        await stale.JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await WrittenAsync(id));

        var fresh = await coordinator.SendAsync(Request(HttpMethod.Post, $"/api/programmes/{id}/{collection}", BodyFor(collection), await ETagAsync(coordinator, id)));
        await fresh.JsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(before, await WrittenAsync(id));
    }

    private sealed record Work(string Name, string Role, Func<Guid, HttpRequestMessage> Request);

    /// Every kind of work a programme takes, sent the way a client sends it (without If-Match,
    /// as the pages do).
    private static Work[] EveryKindOfWork(Guid deviation, Guid risk, Guid contact) =>
    [
        new("avvik", Roles.Coordinator, p => Request(HttpMethod.Post, $"/api/programmes/{p}/deviations", DeviationBody, null)),
        new("endre avvik", Roles.Coordinator, p => Request(HttpMethod.Put, $"/api/programmes/{p}/deviations/{deviation}", DeviationBody, null)),
        new("risiko", Roles.Coordinator, p => Request(HttpMethod.Post, $"/api/programmes/{p}/risks", RiskBody, null)),
        new("endre risiko", Roles.Coordinator, p => Request(HttpMethod.Put, $"/api/programmes/{p}/risks/{risk}", RiskBody, null)),
        new("læring", Roles.Coordinator, p => Request(HttpMethod.Post, $"/api/programmes/{p}/learning", LearningBody, null)),
        new("kommentar", Roles.Coordinator, p => Request(HttpMethod.Post, $"/api/programmes/{p}/comments", CommentBody, null)),
        new("rapportseksjon", Roles.Coordinator, p => Request(HttpMethod.Put, $"/api/programmes/{p}/reports/forankringsnotat/sections/forankring", new { text = "Vedtatt" }, null)),
        new("vedlegg", Roles.Coordinator, p => Request(HttpMethod.Post, $"/api/programmes/{p}/reports/forankringsnotat/attachments", new { title = "Vedtak", url = "https://kommune.test/vedtak.pdf" }, null)),
        new("tildeling", Roles.Coordinator, p => Request(HttpMethod.Put, $"/api/programmes/{p}/tasks/forankre-administrativt/assignee", new { contactPersonId = contact }, null)),
        new("oppgave", Roles.Coordinator, p => Request(HttpMethod.Post, $"/api/programmes/{p}/tasks/forankre-administrativt/start", null, null)),
        new("deltakers oppgave", Roles.Participant, p => Request(HttpMethod.Post, $"/api/programmes/{p}/tasks/forankre-politisk/start", null, null)),
        new("programeiers avvik", Roles.Owner, p => Request(HttpMethod.Post, $"/api/programmes/{p}/deviations", DeviationBody, null)),
        new("flytting til ny versjon", Roles.Owner, p => Request(HttpMethod.Post, $"/api/programmes/{p}/migration", new { targetVersion = 2, apply = false }, null)),
    ];

    private sealed record Arranged(Guid Programme, Work[] Work);

    /// A programme with a deviation, a risk and a participant's task to change, then closed.
    private async Task<Arranged> ArrangeAsync(string municipality)
    {
        var id = await app.StartAsync(municipality);
        var coordinator = app.ClientAs(Roles.Coordinator, municipality);
        var participant = await app.AddContactAsync(municipality, $"Deltaker {municipality}", userSubject: "test-participant");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/programmes/{id}/tasks/forankre-politisk/assignee", new { contactPersonId = participant })).StatusCode);
        var deviation = (await (await coordinator.PostAsJsonAsync($"/api/programmes/{id}/deviations", DeviationBody)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var risk = (await (await coordinator.PostAsJsonAsync($"/api/programmes/{id}/risks", RiskBody)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return new Arranged(id, EveryKindOfWork(deviation, risk, participant));
    }

    /// Sends each kind of work and lists those that were not refused with a 409 naming why, or
    /// that wrote anything.
    private async Task<List<string>> NotRefusedAsync(Arranged arranged, string municipality, string why, params string[] accepted)
    {
        var wrong = new List<string>();
        foreach (var work in arranged.Work.Where(w => !accepted.Contains(w.Name)))
        {
            var before = await WrittenAsync(arranged.Programme);
            var response = await app.ClientAs(work.Role, municipality).SendAsync(work.Request(arranged.Programme));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Conflict || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!.Contains(why, StringComparison.Ordinal))
            {
                wrong.Add($"{work.Name}: {(int)response.StatusCode} {body}");
            }

            if (await WrittenAsync(arranged.Programme) != before)
            {
                wrong.Add($"{work.Name}: wrote something");
            }
        }

        return wrong;
    }

    [Fact]
    public async Task WithdrawnProgramme_RefusesEveryKindOfWork_With409_AndWritesNothing()
    {
        var arranged = await ArrangeAsync("1103");
        var withdraw = await app.ClientAs(Roles.Owner).PostAsJsonAsync($"/api/programmes/{arranged.Programme}/withdraw", new { note = "Kommunen har ikke kapasitet." });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);

        var wrong = await NotRefusedAsync(arranged, "1103", "trukket");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));

        // Reading always works.
        var coordinator = app.ClientAs(Roles.Coordinator, "1103");
        Assert.Equal("withdrawn", (await coordinator.DetailAsync(arranged.Programme)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/programmes/{arranged.Programme}/deviations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/programmes/{arranged.Programme}/journal")).StatusCode);
    }

    [Fact]
    public async Task CompletedProgramme_AcceptsLearning_ButRefusesEveryOtherKindOfWork()
    {
        var arranged = await ArrangeAsync("4627");
        await CompleteAsync(arranged.Programme);

        var wrong = await NotRefusedAsync(arranged, "4627", "fullført", "læring");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));

        var learning = await app.ClientAs(Roles.Coordinator, "4627").PostAsJsonAsync($"/api/programmes/{arranged.Programme}/learning", LearningBody);
        await learning.JsonAsync(HttpStatusCode.Created);
        var journal = await app.WithDbAsync(db => db.JournalEntries.Where(j => j.ProgrammeId == arranged.Programme).OrderBy(j => j.Id).Select(j => j.Action).ToListAsync());
        Assert.Equal("learning-recorded", journal[^1]);
    }

    [Fact]
    public async Task AWithdrawal_CommittedWhileAChangeIsUnderWay_MakesTheChangeFail_SoTheRuleHasNoGap()
    {
        var id = await app.StartAsync("3203");
        await using var scope = app.Services.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<ProgrammeRuntime>();
        var db = scope.ServiceProvider.GetRequiredService<ProsessDb>();
        var command = new RecordRisk(id, "Nøkkelperson slutter", 2, 4, null, "Rektor");

        // The programme is active when the change reads it; the withdrawal commits before it saves.
        var changed = await runtime.ChangeAsync<bool>(command, ProgrammeWork.Risk, async programme =>
        {
            var withdrawn = await app.SendAsync<Result<ActionOutcome>>(new ActOnProgramme(id, ActionKind.WithdrawProgramme, "", "Kommunen trekker seg.", null));
            Assert.True(withdrawn.Succeeded);
            db.Risks.Add(new Risk { Id = Guid.CreateVersion7(), ProgrammeId = programme.Id, Description = command.Description, Probability = 2, Consequence = 4, Owner = "Rektor" });
            return true;
        }, CancellationToken.None);
        Assert.True(changed.Succeeded);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        Assert.False(await app.WithDbAsync(d => d.Risks.AnyAsync(r => r.ProgrammeId == id)));
    }

    /// Walking every stage over the API would test the workflow, not this rule (the engine tests
    /// complete a programme the real way); here the state is set as the last stage's completion leaves it.
    private Task CompleteAsync(Guid programme) => app.WithDbAsync(async db =>
    {
        var row = await db.Programmes.SingleAsync(p => p.Id == programme);
        foreach (var stage in row.State.Stages)
        {
            stage.Status = StageStatus.Completed;
        }

        row.State.Status = ProgrammeStatus.Completed;
        row.State.CompletedOn = TestProgrammes.Start;
        row.Status = ProgrammeStatus.Completed;
        db.Entry(row).Property(p => p.State).IsModified = true;
        return await db.SaveChangesAsync();
    });
}
