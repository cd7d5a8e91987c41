using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Journal;

/// Every change: who, what, when, and the values before and after. Written by the command that
/// makes the change, in the same transaction, so the journal never misses or invents one.
public sealed class JournalEntry
{
    public long Id { get; init; }
    public Guid? ProgrammeId { get; init; }
    public required string ParticipantId { get; init; }
    public required string ActorId { get; init; }
    public required string ActorName { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset At { get; init; }
}

internal sealed class JournalEntryMap : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> e)
    {
        e.ToTable("journal_entries");
        e.Property(j => j.Id).UseIdentityAlwaysColumn();
        e.Property(j => j.ParticipantId).HasMaxLength(64);
        e.Property(j => j.ActorId).HasMaxLength(200);
        e.Property(j => j.ActorName).HasMaxLength(200);
        e.Property(j => j.Action).HasMaxLength(100);
        e.Property(j => j.Target).HasMaxLength(200);
        e.Property(j => j.Before).HasColumnType("jsonb");
        e.Property(j => j.After).HasColumnType("jsonb");
        e.HasIndex(j => new { j.ProgrammeId, j.Id });
        e.HasIndex(j => new { j.ParticipantId, j.Id });
    }
}

/// Adds journal entries to the current unit of work; the transaction behaviour saves them with
/// the change itself.
public sealed class Journal(ProsessDb db, ICurrentUser user, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(string participantId, Guid? programmeId, string action, string target, object? before, object? after) =>
        RecordAs(user.Id, user.Name, participantId, programmeId, action, target, before, after);

    /// For a change someone makes before they are signed in as themselves (accepting an invitation).
    public void RecordAs(string actorId, string actorName, string participantId, Guid? programmeId, string action, string target, object? before, object? after) =>
        db.Add(Entry(actorId, actorName, participantId, programmeId, action, target, before, after));

    /// The entry <see cref="Record"/> would add, for a command that writes it itself in its own
    /// statement (ActOnProgramme).
    public JournalEntry Entry(string participantId, Guid? programmeId, string action, string target, object? before, object? after) =>
        Entry(user.Id, user.Name, participantId, programmeId, action, target, before, after);

    private JournalEntry Entry(string actorId, string actorName, string participantId, Guid? programmeId, string action, string target, object? before, object? after) =>
        new()
        {
            ProgrammeId = programmeId,
            ParticipantId = participantId,
            ActorId = actorId,
            ActorName = actorName,
            Action = action,
            Target = target,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            At = clock.GetUtcNow(),
        };
}

public sealed record GetProgrammeJournal(Guid ProgrammeId, long? Before, int Take) : IQuery<Result<JournalPage>>;

public sealed record JournalPage(IReadOnlyList<JournalEntryView> Entries, long? NextBefore);

/// <param name="Target">The key the entry was written with (task key, `risk:{id}`, …).</param>
/// <param name="TargetName">What that is, in words people read (<see cref="JournalSubjects"/>).</param>
public sealed record JournalEntryView(long Id, string ActorName, string Action, string Target, string TargetName, JsonElement? Before, JsonElement? After, DateTimeOffset At)
{
    public static JournalEntryView From(JournalEntry j) => Named(j, j.Target);

    public static JournalEntryView Named(JournalEntry j, string targetName) =>
        new(j.Id, j.ActorName, j.Action, j.Target, targetName, Parse(j.Before), Parse(j.After), j.At);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement;
}

public sealed class GetProgrammeJournalHandler(ProsessDb db, ProgrammeRuntime runtime) : IQueryHandler<GetProgrammeJournal, Result<JournalPage>>
{
    public async ValueTask<Result<JournalPage>> Handle(GetProgrammeJournal query, CancellationToken ct) =>
        await runtime.ReadAsync<JournalPage>(query.ProgrammeId, async programme =>
        {
            var take = Math.Clamp(query.Take, 1, 200);
            var rows = await db.JournalEntries.AsNoTracking()
                .Where(j => j.ProgrammeId == query.ProgrammeId && (query.Before == null || j.Id < query.Before))
                .OrderByDescending(j => j.Id)
                .Take(take + 1)
                .ToListAsync(ct);
            var page = rows.Take(take).ToList();
            var name = await JournalSubjects.ForAsync(db, programme, runtime.EngineFor(programme).Definition, page, ct);
            var entries = page.Select(j => JournalEntryView.Named(j, name(j))).ToList();
            return new JournalPage(entries, rows.Count > take ? entries[^1].Id : null);
        }, ct);
}

public static class JournalEndpoints
{
    public static async Task<Results<Ok<JournalPage>, ProblemHttpResult>> GetProgrammeJournal(
        Guid id, long? before, int? take, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetProgrammeJournal(id, before, take ?? 50), ct)).Match(page => TypedResults.Ok(page));
}
