using System.Net;
using System.Net.Http.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Risks;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.Programmes;

/// What a command asks of PostgreSQL: the programme row written once, and its state document
/// only when the state changed (the benchmark's "rows written per command" in a test).
public sealed class WriteCountTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task CompletingATask_WritesTheProgrammeRowOnce_AndOneJournalEntry()
    {
        var id = await app.StartAsync("4601");
        // Every statement, not only EF's: the command writes through Npgsql directly.
        using var sql = await SqlLog.StartAsync(app.ConnectionString, everyStatement: true);

        var response = await app.ClientAs(Roles.Coordinator, "4601").PostAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/complete", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, sql.Count("UPDATE programmes SET"));
        Assert.Contains(sql.Commands, c => c.Contains("UPDATE programmes SET", StringComparison.Ordinal) && c.Contains("state = ", StringComparison.Ordinal));
        Assert.Equal(1, sql.Count("INSERT INTO journal_entries"));
    }

    [Fact]
    public async Task AWriteAgainstAChangedRow_SavesNeitherTheProgrammeNorItsJournalEntry_WithoutATransaction()
    {
        // ActOnProgramme runs without a transaction (IWritesInOneStatement), so the statement must
        // be atomic on its own: the journal entry exists only if the row was written.
        var id = await app.StartAsync("4613");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProsessDb>();
        var journal = scope.ServiceProvider.GetRequiredService<Features.Journal.Journal>();
        var programme = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == id);
        // Someone else changes the row after it was read.
        await app.WithDbAsync(d => d.Programmes.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.UpdatedAt, DateTimeOffset.UtcNow)));
        var changed = (await app.WithDbAsync(d => d.Programmes.AsNoTracking().SingleAsync(p => p.Id == id))).Version;
        await db.Database.OpenConnectionAsync();
        Assert.Null(db.Database.CurrentTransaction);

        var entry = journal.Entry(programme.ParticipantId, id, "CompleteTask", "utpeke-kontaktperson", null, null);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => ProgrammeWrite.SaveAsync(db, programme, new(false, false), entry, CancellationToken.None));

        Assert.Equal(0, await app.WithDbAsync(d => d.JournalEntries.CountAsync(j => j.ProgrammeId == id && j.Action == "CompleteTask")));
        Assert.Equal(changed, (await app.WithDbAsync(d => d.Programmes.AsNoTracking().SingleAsync(p => p.Id == id))).Version);

        // Read again, the same write saves both.
        var current = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == id);
        await ProgrammeWrite.SaveAsync(db, current, new(false, false), entry, CancellationToken.None);
        Assert.Equal(1, await app.WithDbAsync(d => d.JournalEntries.CountAsync(j => j.ProgrammeId == id && j.Action == "CompleteTask")));
    }

    [Fact]
    public async Task ConcurrentCommandsOnOneProgramme_LeaveOneJournalEntryForEachChangeSaved_AndNoOther()
    {
        var id = await app.StartAsync("4614");
        var client = app.ClientAs(Roles.Coordinator, "4614");
        string[] tasks = ["utpeke-kontaktperson", "forankre-administrativt", "forankre-politisk", "etablere-kommunegruppe", "signere-deltakeravtale"];

        var responses = await Task.WhenAll(tasks.Select(t => client.PostAsync($"/api/programmes/{id}/tasks/{t}/complete", null)));

        // Those that lost the race on the programme row answer 409 and leave nothing behind.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var saved = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(saved, 1, tasks.Length);
        var programme = await app.WithDbAsync(d => d.Programmes.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(saved, tasks.Count(t => programme.State.Task(t)!.Status == TaskItemStatus.Done));
        Assert.Equal(saved, await app.WithDbAsync(d => d.JournalEntries.CountAsync(j => j.ProgrammeId == id && j.Action == "CompleteTask")));
    }

    [Fact]
    public async Task RegisteringADeviation_TouchesTheProgramme_WithoutRewritingItsState()
    {
        var id = await app.StartAsync("4602");
        using var sql = await SqlLog.StartAsync(app.ConnectionString, everyStatement: true);

        var response = await app.ClientAs(Roles.Coordinator, "4602").PostAsJsonAsync($"/api/programmes/{id}/deviations", new
        {
            description = "Dialogmøtet ble avlyst",
            cause = "For få påmeldte",
            consequence = "Utviklingsplanen blir forsinket",
            action = "Nytt møte i uke 40",
            owner = "Kulturskolerektor",
            deadline = "2026-10-02",
            status = "open",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var update = Assert.Single(sql.Commands, c => c.Contains("UPDATE programmes SET", StringComparison.Ordinal));
        Assert.DoesNotContain("state = ", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALifeCycleCommand_LeavesNoProgrammeTracked_SinceItWritesTheRowItself()
    {
        var id = await app.StartAsync("4611");
        await using var scope = app.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var db = scope.ServiceProvider.GetRequiredService<ProsessDb>();

        var done = await mediator.Send(new ActOnProgramme(id, ActionKind.CompleteTask, "utpeke-kontaktperson", null, null));

        Assert.True(done.Succeeded, done.Succeeded ? null : done.Error.Detail);
        Assert.Empty(db.ChangeTracker.Entries<Programme>());
        var stored = await app.WithDbAsync(d => d.Programmes.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(stored.Version, done.Value.Version);
    }

    [Fact]
    public async Task AProgrammeTheScopeAlreadyTracks_IsTheOneTheCommandChanges_SoALaterChangeInTheScopeIsNotStale()
    {
        var id = await app.StartAsync("4612");
        await using var scope = app.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var runtime = scope.ServiceProvider.GetRequiredService<ProgrammeRuntime>();
        var tracked = (await runtime.FindReadableAsync(id, CancellationToken.None)).Value!;

        var done = await mediator.Send(new ActOnProgramme(id, ActionKind.CompleteTask, "utpeke-kontaktperson", null, null));
        // Checked against the version the scope's programme now has: had the command changed a
        // second, untracked copy, the scope's copy would be stale and this would answer 409.
        var risk = await mediator.Send(new RecordRisk(id, "Nøkkelperson slutter", 2, 4, null, "Rektor"));

        Assert.True(done.Succeeded, done.Succeeded ? null : done.Error.Detail);
        Assert.True(risk.Succeeded, risk.Succeeded ? null : risk.Error.Detail);
        Assert.Equal(TaskItemStatus.Done, tracked.State.Task("utpeke-kontaktperson")!.Status);
    }
}
