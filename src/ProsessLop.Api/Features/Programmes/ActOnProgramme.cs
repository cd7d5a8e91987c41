using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Pipeline;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// Every life-cycle step of a programme — start/complete/reopen a task, submit/approve/return
/// a report, a gate decision, leaving a stage, withdrawal — is one engine action. One command
/// carries them all, so the role rules, the engine check, the journal and the derived columns
/// are applied the same way for each.
public sealed record ActOnProgramme(Guid ProgrammeId, ActionKind Kind, string Target, string? Note, uint? ExpectedVersion)
    : ICommand<Result<ActionOutcome>>, IProgrammeChange, IWritesInOneStatement
{
    /// A delivered report and a withdrawal also write the publisher's entries: those run in a
    /// transaction; every other step writes only ProgrammeWrite's statement.
    bool IWritesInOneStatement.WritesInOneStatement => Kind is not (ActionKind.SubmitReport or ActionKind.ApproveReport or ActionKind.WithdrawProgramme);
}

public sealed record ActionOutcome(Guid ProgrammeId, string Action, string Target, string? ItemStatus, Health Health, string CurrentStage, ProgrammeStatus Status, uint Version);

public sealed class ActOnProgrammeValidator : AbstractValidator<ActOnProgramme>
{
    public ActOnProgrammeValidator()
    {
        RuleFor(c => c.Note).NotEmpty().When(c => c.Kind is ActionKind.ReturnReport).WithMessage(_ => ProgrammeTexts.Programme_ReturnNote);
        RuleFor(c => c.Note).NotEmpty().When(c => c.Kind is ActionKind.WithdrawProgramme or ActionKind.MarkTaskNotApplicable).WithMessage(_ => ProgrammeTexts.Programme_Reason);
        RuleFor(c => c.Note).MaximumLength(4000).WithMessage(_ => ProgrammeTexts.Programme_NoteLength);
    }
}

public sealed class ActOnProgrammeHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, ICurrentUser user, Publication.Publisher publisher)
    : ICommandHandler<ActOnProgramme, Result<ActionOutcome>>
{
    public async ValueTask<Result<ActionOutcome>> Handle(ActOnProgramme command, CancellationToken ct)
    {
        // A participant works only tasks assigned to them; everything else needs change rights.
        var assignedTask = ActionRoles.ParticipantMay(command.Kind) ? command.Target : null;
        // Untracked: ProgrammeWrite saves the row, not change tracking.
        var found = await runtime.FindChangeableAsync(command, ProgrammeWork.Action, ct, assignedTask, untracked: true);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var programme = found.Value;
        if (ActionRoles.OwnerOnly(command.Kind) && !user.IsOwner)
        {
            return Error.Forbidden(ProgrammeTexts.Programme_OnlyOwner);
        }

        var engine = runtime.EngineFor(programme);
        var before = ItemStatus(programme.State, command.Kind, command.Target);
        var check = engine.Apply(programme.State, new ProgrammeAction(command.Kind, command.Target, command.Note));
        if (!check.Allowed)
        {
            return Error.Conflict(string.Join(" ", check.Blockers.Select(b => b.Text)));
        }

        var (dates, items) = (programme.ReminderDates, programme.ReminderDues);
        runtime.Refresh(programme, engine);
        var after = ItemStatus(programme.State, command.Kind, command.Target);
        var entry = journal.Entry(programme.ParticipantId, programme.Id, check.Action.Kind.ToString(), command.Target,
            new { status = before }, new { status = after, note = command.Note });

        // Saved here so the answer can carry the new version; before the publisher's entries (in
        // the pipeline's transaction then), so the journal keeps the order the changes happened in.
        await ProgrammeWrite.SaveAsync(db, programme, new(!ReferenceEquals(dates, programme.ReminderDates), !ReferenceEquals(items, programme.ReminderDues)), entry, ct);
        if (command.Kind is ActionKind.ApproveReport or ActionKind.SubmitReport && programme.State.Report(command.Target) is { IsDelivered: true } delivered)
        {
            await publisher.OnDeliveredAsync(programme, engine.Definition, delivered, ct);
        }
        else if (command.Kind is ActionKind.WithdrawProgramme)
        {
            await publisher.BumpAsync(programme.DefinitionKey, ct);
        }

        return new ActionOutcome(programme.Id, command.Kind.ToString(), command.Target, after, programme.Health, programme.CurrentStageKey, programme.Status, programme.Version);
    }

    private static string? ItemStatus(ProgrammeState state, ActionKind kind, string target) => kind switch
    {
        ActionKind.StartTask or ActionKind.CompleteTask or ActionKind.ReopenTask or ActionKind.MarkTaskNotApplicable => state.Task(target)?.Status.ToString(),
        ActionKind.SubmitReport or ActionKind.ApproveReport or ActionKind.ReturnReport => state.Report(target)?.Status.ToString(),
        ActionKind.CompleteStage or ActionKind.RecordOwnerDecision => state.Stage(target)?.Status.ToString(),
        _ => state.Status.ToString(),
    };
}

/// The command's two writes — the programme row (its state and derived columns, checked against
/// the version read) and its journal entry — as one statement on the context's connection: the
/// journal entry is inserted from the update's RETURNING, so a row changed since it was read gets
/// neither. One statement is atomic on its own, so a command that writes nothing else needs no
/// transaction around it (TransactionBehavior, IWritesInOneStatement): no BEGIN and no COMMIT
/// round trip. EF's SaveChanges (DetectChanges, the update pipeline building a command batch per
/// call) cost more host CPU than these writes take in PostgreSQL (bench/README.md, "Host CPU per
/// command"). The tracked programme is then marked saved with its new version, so the
/// transaction's own SaveChanges finds nothing left to write and later commands in the same scope
/// see the row as it now is.
internal static class ProgrammeWrite
{
    private const string Update = "WITH saved AS (UPDATE programmes SET state = $1, status = $2, current_stage_key = $3, health = $4, earliest_open_due = $5, awaiting_review = $6, updated_at = $7";
    private const string Where = " WHERE id = $8 AND xmin = $9 RETURNING xmin)";
    // The reminder columns, each set only when it moved (numbered after Where's).
    private const string ReminderItems = ", reminder_dues = ${0}, reminder_keys = ${1}, reminder_tasks = ${2}";
    private const string ReminderDates = ", reminder_dates = ${0}";
    // Numbered after the update's parameters ({0} is the first).
    private const string Insert = """
        , journal AS (INSERT INTO journal_entries (programme_id, participant_id, actor_id, actor_name, action, target, before, after, at)
        SELECT ${0}, ${1}, ${2}, ${3}, ${4}, ${5}, ${6}, ${7}, ${8} FROM saved)
        SELECT xmin FROM saved
        """;
    private static readonly string[] Statements =
    [
        Update + Where + Journal(10),
        Update + string.Format(ReminderItems, 10, 11, 12) + Where + Journal(13),
        Update + string.Format(ReminderDates, 10) + Where + Journal(11),
        Update + string.Format(ReminderItems, 10, 11, 12) + string.Format(ReminderDates, 13) + Where + Journal(14),
    ];

    private static string Journal(int first) => string.Format(Insert, [.. Enumerable.Range(first, 9).Cast<object>()]);

    /// Which reminder columns a command moved: the items (exact), the dates (indexed, GIN; only
    /// when the schedule gained a day, Programme.ReminderDates, so most updates stay HOT).
    public readonly record struct RemindersMoved(bool Dates, bool Items);

    public static async Task SaveAsync(ProsessDb db, Programme programme, RemindersMoved moved, Journal.JournalEntry journal, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Only the reminder arrays that moved are written, as change tracking did: they can be
        // long, and an unchanged array need not be rewritten.
        await using var save = new NpgsqlCommand(Statements[(moved.Items ? 1 : 0) + (moved.Dates ? 2 : 0)], connection);
        var parameters = save.Parameters;
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Json, Value = JsonSerializer.Serialize(programme.State, JsonColumn.Compact) });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = programme.Status.ToString() });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = programme.CurrentStageKey });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = programme.Health.ToString() });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = programme.EarliestOpenDue is { } due ? due : DBNull.Value });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = programme.AwaitingReview });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = programme.UpdatedAt });
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = programme.Id });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Xid, Value = programme.Version });
        if (moved.Items)
        {
            parameters.Add(Array(NpgsqlDbType.Date, programme.ReminderDues));
            parameters.Add(Array(NpgsqlDbType.Text, programme.ReminderKeys));
            parameters.Add(Array(NpgsqlDbType.Boolean, programme.ReminderTasks));
        }

        if (moved.Dates)
        {
            parameters.Add(Array(NpgsqlDbType.Date, programme.ReminderDates));
        }

        // The journal entry's, typed every one: in INSERT … SELECT an untyped one would be text.
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = journal.ProgrammeId is { } id ? id : DBNull.Value });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = journal.ParticipantId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = journal.ActorId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = journal.ActorName });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = journal.Action });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = journal.Target });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)journal.Before ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)journal.After ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = journal.At });

        uint? returned;
        try
        {
            await using var reader = await save.ExecuteReaderAsync(ct);
            returned = await reader.ReadAsync(ct) ? reader.GetFieldValue<uint>(0) : null;
        }
        catch (NpgsqlException e)
        {
            if (e is PostgresException)
            {
                // As for EF's own statements (npgsql/npgsql#6391): reset once the transaction has ended.
                PreparedStatementReset.Instance.RememberRefused(connection, e);
            }

            // What SaveChanges would have thrown, so the problem mapping answers the same.
            throw new DbUpdateException("An error occurred while saving the programme.", e);
        }

        if (returned is not { } saved)
        {
            throw new DbUpdateConcurrencyException("The programme was changed since it was read.");
        }

        // Saved: the new version in the answer. When the scope tracks the programme, nothing is
        // left for change tracking to write, and the new version is both current and original,
        // so a later change in the same scope is checked against it.
        // (Unchanged alone would put the original values back into the programme.)
        var tracked = db.Entry(programme);
        tracked.Property(p => p.Version).CurrentValue = saved;
        if (tracked.State is not EntityState.Detached)
        {
            tracked.OriginalValues.SetValues(tracked.CurrentValues);
            tracked.State = EntityState.Unchanged;
        }
    }

    private static NpgsqlParameter Array<T>(NpgsqlDbType element, List<T>? values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | element, Value = values is null ? DBNull.Value : values };
}

public sealed record NoteBody(string? Note);

public static partial class ProgrammeEndpoints
{
    private static async Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> Act(
        IMediator mediator, HttpContext http, Guid id, ActionKind kind, string target, string? note, CancellationToken ct)
    {
        var result = await mediator.Send(new ActOnProgramme(id, kind, target, note, ETags.IfMatch(http)), ct);
        if (result.Succeeded)
        {
            http.Response.Headers.ETag = ETags.Format(result.Value.Version);
        }

        return result.Match(outcome => TypedResults.Ok(outcome));
    }

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> StartTask(Guid id, string taskKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.StartTask, taskKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> CompleteTask(Guid id, string taskKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.CompleteTask, taskKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> ReopenTask(Guid id, string taskKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.ReopenTask, taskKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> MarkTaskNotApplicable(Guid id, string taskKey, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.MarkTaskNotApplicable, taskKey, body.Note, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> SubmitReport(Guid id, string reportKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.SubmitReport, reportKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> ApproveReport(Guid id, string reportKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.ApproveReport, reportKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> ReturnReport(Guid id, string reportKey, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.ReturnReport, reportKey, body.Note, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> RecordGateDecision(Guid id, string stageKey, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.RecordOwnerDecision, stageKey, body.Note, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> CompleteStage(Guid id, string stageKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.CompleteStage, stageKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> WithdrawProgramme(Guid id, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.WithdrawProgramme, "", body.Note, ct);
}
