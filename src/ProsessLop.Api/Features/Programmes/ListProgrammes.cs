using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// Programmes the caller may see, filtered and paged. Reads only the derived columns, so every
/// filter is an indexed SQL predicate.
public sealed record ListProgrammes(
    string? Definition, ProgrammeStatus? Status, string? County, bool? Overdue, bool? AwaitingReview, Health? Health, Paging Paging)
    : IQuery<ProgrammePage>
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// The first page at the largest size, for the pages that show every programme at once.
    public static Paging Largest => Paging.From(1, MaxPageSize, DefaultPageSize, MaxPageSize);
}

public sealed record ProgrammePage(IReadOnlyList<ProgrammeListItem> Items, int Page, int PageSize, int Total);

public sealed record ProgrammeListItem(
    Guid Id, string DefinitionKey, int DefinitionVersion, string ParticipantId, string ParticipantName, IReadOnlyList<string> CountyNumbers,
    ProgrammeStatus Status, string CurrentStage, Health Health, DateOnly? EarliestOpenDue, bool Overdue, int AwaitingReview, DateOnly StartDate);

public sealed class ListProgrammesValidator : AbstractValidator<ListProgrammes>
{
    public ListProgrammesValidator()
    {
        RuleFor(q => q.County).Matches("^[0-9]{2}$").When(q => q.County is not null).WithMessage(_ => ProgrammeTexts.List_County);
    }
}

public sealed class ListProgrammesHandler(ProsessDb db, ICurrentUser user, ProgrammeRuntime runtime) : IQueryHandler<ListProgrammes, ProgrammePage>
{
    public async ValueTask<ProgrammePage> Handle(ListProgrammes q, CancellationToken ct)
    {
        var today = runtime.Today;
        var query = db.Programmes.AsNoTracking();
        if (!user.IsOwner && !user.IsSteering)
        {
            var own = user.Participants.ToList();
            query = query.Where(p => own.Contains(p.ParticipantId));
        }

        if (q.Definition is not null)
        {
            query = query.Where(p => p.DefinitionKey == q.Definition);
        }

        if (q.Status is { } status)
        {
            query = query.Where(p => p.Status == status);
        }

        if (q.County is not null)
        {
            query = query.Where(p => p.CountyNumbers.Contains(q.County));
        }

        if (q.Overdue is { } overdue)
        {
            query = overdue ? query.Where(p => p.EarliestOpenDue < today) : query.Where(p => p.EarliestOpenDue == null || p.EarliestOpenDue >= today);
        }

        if (q.AwaitingReview is { } awaiting)
        {
            query = awaiting ? query.Where(p => p.AwaitingReview > 0) : query.Where(p => p.AwaitingReview == 0);
        }

        if (q.Health is { } health)
        {
            query = query.Where(p => p.Health == health);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.ParticipantName).ThenBy(p => p.Id)
            .Skip(q.Paging.Offset).Take(q.Paging.PageSize)
            .Select(p => new ProgrammeListItem(p.Id, p.DefinitionKey, p.DefinitionVersion, p.ParticipantId, p.ParticipantName, p.CountyNumbers,
                p.Status, p.CurrentStageKey, p.Health, p.EarliestOpenDue, p.EarliestOpenDue < today, p.AwaitingReview, p.StartDate))
            .ToListAsync(ct);
        return new ProgrammePage(items, q.Paging.Page, q.Paging.PageSize, total);
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Ok<ProgrammePage>> ListProgrammes(
        string? definition, ProgrammeStatus? status, string? county, bool? overdue, bool? awaitingReview, Health? health, int? page, int? pageSize,
        IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListProgrammes(definition, status, county, overdue, awaitingReview, health, Paging.From(page, pageSize, Programmes.ListProgrammes.DefaultPageSize, Programmes.ListProgrammes.MaxPageSize)), ct));
}
