using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// The programme in date order: stage starts and ends (planned and actual), deadlines, and
/// when work was done — what a timeline view draws.
public sealed record GetTimeline(Guid Id) : IQuery<Result<IReadOnlyList<TimelineEvent>>>;

public sealed record TimelineEvent(DateOnly Date, string Kind, string Target, string Text, bool Done);

public sealed class GetTimelineHandler(ProgrammeRuntime runtime) : IQueryHandler<GetTimeline, Result<IReadOnlyList<TimelineEvent>>>
{
    public async ValueTask<Result<IReadOnlyList<TimelineEvent>>> Handle(GetTimeline query, CancellationToken ct)
    {
        var found = await runtime.FindReadableAsync(query.Id, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var programme = found.Value;
        var definition = runtime.EngineFor(programme).Definition;
        var state = programme.State;

        var events = new List<TimelineEvent>();
        foreach (var s in state.Stages)
        {
            events.Add(new(s.ActivatedOn ?? s.PlannedStart, "stage-start", s.Key, $"Fase «{ItemNames.Stage(definition, s.Key)}» starter", s.ActivatedOn is not null));
            events.Add(new(s.CompletedOn ?? s.PlannedEnd, "stage-end", s.Key, $"Fase «{ItemNames.Stage(definition, s.Key)}» avsluttes", s.CompletedOn is not null));
        }

        foreach (var t in state.Tasks.Where(t => !t.Retired))
        {
            var name = ItemNames.Task(definition, t.Key);
            events.Add(new(t.CompletedOn ?? t.Due, t.IsFinished ? "task-done" : "task-due", t.Key,
                t.IsFinished ? $"Oppgave «{name}» {Vocabulary.Finished(true)}" : $"Frist for oppgave «{name}»", t.IsFinished));
        }

        foreach (var r in state.Reports.Where(r => !r.Retired))
        {
            var name = ItemNames.Report(definition, r);
            events.Add(new(r.ApprovedOn ?? r.SubmittedOn ?? r.Due, r.IsDelivered ? "report-delivered" : "report-due", r.Key,
                r.IsDelivered ? $"Rapport «{name}» {Vocabulary.Finished(false)}" : $"Frist for rapport «{name}»", r.IsDelivered));
        }

        if (state.WithdrawnOn is { } withdrawn)
        {
            events.Add(new(withdrawn, "withdrawn", "", $"{Vocabulary.Withdrawn}: {state.WithdrawalReason}", true));
        }

        return events.OrderBy(e => e.Date).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<TimelineEvent>>, ProblemHttpResult>> GetTimeline(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetTimeline(id), ct)).Match(events => TypedResults.Ok(events));
}
