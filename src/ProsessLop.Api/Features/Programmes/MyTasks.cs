using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// The tasks assigned to the signed-in person (through their contact-person record), across
/// every programme, open and finished, a page at a time. Keyset order: newest programme first
/// (programme ids are version-7, so by creation), then task key, both descending — a stable order
/// on the assignment's own key, so a page is found by an index range, not by building the agenda
/// of every programme in the person's history (bench/README.md, "Growth": that grew linearly).
/// `Limit` null: every task (the pages that need the whole set, e.g. /min-kommune).
public sealed record ListMyTasks(int? Limit = null, MyTasksCursor? After = null) : IQuery<MyTasksPage>;

public sealed record MyTask(Guid ProgrammeId, string ParticipantName, string TaskKey, string TaskName, string StageKey, TaskItemStatus Status, DateOnly Due, bool Overdue);

/// A page and where the next starts (null: this was the last). The cursor is the last assignment
/// read, not the last task shown: an assignment whose task left the agenda shows nothing, and a
/// page may then hold fewer than `limit` tasks, but the walk never stops early or repeats.
public sealed record MyTasksPage(IReadOnlyList<MyTask> Items, MyTasksCursor? Next);

/// A position in the keyset order, opaque to clients (base64url of "programme id|task key").
public sealed record MyTasksCursor(Guid ProgrammeId, string TaskKey)
{
    public const string Parameter = "cursor";

    public override string ToString() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{ProgrammeId:N}|{TaskKey}"));

    /// The cursor a client sent back, or a 400 naming the parameter.
    public static MyTasksCursor Parse(string text)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            var bar = decoded.IndexOf('|', StringComparison.Ordinal);
            if (bar == 32 && Guid.TryParseExact(decoded.AsSpan(0, bar), "N", out var id) && decoded.Length > bar + 1 && decoded.Length - bar - 1 <= 100 && !decoded.Contains('\0', StringComparison.Ordinal))
            {
                return new MyTasksCursor(id, decoded[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new RequestValidationException(new Dictionary<string, string[]> { [Parameter] = ["Ugyldig cursor: bruk verdien fra lenken til neste side (Link, rel=\"next\")."] });
    }
}

public sealed class ListMyTasksHandler(ProsessDb db, ICurrentUser user, ProgrammeRuntime runtime) : IQueryHandler<ListMyTasks, MyTasksPage>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public async ValueTask<MyTasksPage> Handle(ListMyTasks query, CancellationToken ct)
    {
        var subject = user.Id;
        var assignments = db.TaskAssignments.AsNoTracking()
            .Where(a => db.ContactPersons.Any(c => c.Id == a.ContactPersonId && c.UserSubject == subject && c.ErasedAt == null));
        if (!(user.IsOwner || user.IsSteering))
        {
            // Read access in SQL (user.CanRead), so a page's limit counts only what is shown.
            var participants = user.Participants.ToList();
            assignments = assignments.Where(a => db.Programmes.Any(p => p.Id == a.ProgrammeId && participants.Contains(p.ParticipantId)));
        }

        if (query.After is { } after)
        {
            assignments = assignments.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.ProgrammeId, a.TaskKey), ValueTuple.Create(after.ProgrammeId, after.TaskKey)));
        }

        var ordered = assignments.OrderByDescending(a => a.ProgrammeId).ThenByDescending(a => a.TaskKey).Select(a => new { a.ProgrammeId, a.TaskKey });
        // One more than the page: whether there is a next page, without a count.
        var keys = query.Limit is { } limit ? await ordered.Take(limit + 1).ToListAsync(ct) : await ordered.ToListAsync(ct);
        var more = query.Limit is { } l && keys.Count > l;
        if (more)
        {
            keys.RemoveAt(keys.Count - 1);
        }

        var ids = keys.Select(k => k.ProgrammeId).Distinct().ToList();
        var programmes = await db.Programmes.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        await runtime.KnowEveryDefinitionAsync(ct);
        // Open tasks with their overdue flag come from each programme's agenda; finished ones stay as history.
        var items = keys
            .GroupBy(k => k.ProgrammeId)
            .SelectMany(g =>
            {
                var programme = programmes[g.Key];
                var order = g.Select((k, i) => (k.TaskKey, i)).ToDictionary(k => k.TaskKey, k => k.i, StringComparer.Ordinal);
                return Agenda.Of(runtime.EngineFor(programme).Definition, programme.State, runtime.Today).TasksOf(order.Keys.ToHashSet(StringComparer.Ordinal))
                    .OrderBy(t => order[t.Task.Key])
                    .Select(t => new MyTask(programme.Id, programme.ParticipantName, t.Task.Key, t.Name, t.Task.StageKey, t.Task.Status, t.Task.Due, t.Overdue));
            })
            .ToList();
        return new MyTasksPage(items, more ? new MyTasksCursor(keys[^1].ProgrammeId, keys[^1].TaskKey) : null);
    }
}

public static partial class ProgrammeEndpoints
{
    /// `limit` (1 … 200, default 50) and `cursor` (from the previous page's `Link: <…>; rel="next"`);
    /// the body stays the page's array of tasks.
    public static async Task<Ok<IReadOnlyList<MyTask>>> ListMyTasks(string? limit, string? cursor, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var size = ParseLimit(limit);
        var page = await mediator.Send(new ListMyTasks(size, cursor is null ? null : MyTasksCursor.Parse(cursor)), ct);
        if (page.Next is { } next)
        {
            http.Response.Headers.Link = $"</api/me/tasks?limit={size.ToString(CultureInfo.InvariantCulture)}&cursor={next}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Items);
    }

    private static int ParseLimit(string? limit) =>
        limit is null ? ListMyTasksHandler.DefaultLimit
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= ListMyTasksHandler.MaxLimit ? n
        : throw new RequestValidationException(new Dictionary<string, string[]>
        {
            ["limit"] = [Vocabulary.Format(ProblemTexts.Limit_Range, ListMyTasksHandler.MaxLimit)],
        });
}
