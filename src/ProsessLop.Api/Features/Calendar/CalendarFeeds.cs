using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Calendar;

/// A new feed: for a participant (its coordinators and owners) or for the caller's own tasks.
public sealed record CreateCalendarFeed(CalendarFeedKind Kind, string? ParticipantId) : ICommand<Result<CreatedCalendarFeed>>;

public sealed class CreateCalendarFeedValidator : AbstractValidator<CreateCalendarFeed>
{
    public CreateCalendarFeedValidator()
    {
        RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => CalendarTexts.Calendar_KindRule);
        RuleFor(c => c.ParticipantId).NotEmpty().MaximumLength(64).When(c => c.Kind == CalendarFeedKind.Participant)
            .WithMessage(_ => CalendarTexts.Calendar_ParticipantRule);
        RuleFor(c => c.ParticipantId).Empty().When(c => c.Kind == CalendarFeedKind.Person)
            .WithMessage(_ => CalendarTexts.Calendar_PersonalRule);
    }
}

/// The URL is shown once, at creation: only the token's hash is kept.
public sealed record CreatedCalendarFeed(Guid Id, CalendarFeedKind Kind, string? ParticipantId, string Url, DateTimeOffset CreatedAt);

public sealed record CalendarFeedView(Guid Id, CalendarFeedKind Kind, string? ParticipantId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed class CreateCalendarFeedHandler(ProsessDb db, ICurrentUser user, TimeProvider clock, IOptions<EmailOptions> email)
    : ICommandHandler<CreateCalendarFeed, Result<CreatedCalendarFeed>>
{
    public async ValueTask<Result<CreatedCalendarFeed>> Handle(CreateCalendarFeed command, CancellationToken ct)
    {
        if (command.Kind == CalendarFeedKind.Participant)
        {
            var id = command.ParticipantId!;
            if (!user.CanRead(id) || !await db.Programmes.AnyAsync(p => p.ParticipantId == id, ct))
            {
                return Error.NotFound(Workflow.Engine.Vocabulary.Format(CalendarTexts.Calendar_NoProgrammes, id));
            }

            if (!user.CanChange(id))
            {
                return Error.Forbidden(CalendarTexts.Calendar_OnlyCoordinators);
            }
        }

        var token = CalendarFeed.NewToken();
        var feed = new CalendarFeed
        {
            Id = Guid.CreateVersion7(),
            TokenHash = CalendarFeed.Hash(token),
            Kind = command.Kind,
            ParticipantId = command.Kind == CalendarFeedKind.Participant ? command.ParticipantId : null,
            Subject = command.Kind == CalendarFeedKind.Person ? user.Id : null,
            CreatedBy = user.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        db.CalendarFeeds.Add(feed);
        return new CreatedCalendarFeed(feed.Id, feed.Kind, feed.ParticipantId, $"{email.Value.BaseUrl.TrimEnd('/')}/calendar/{token}.ics", feed.CreatedAt);
    }
}

public sealed record ListMyCalendarFeeds : IQuery<IReadOnlyList<CalendarFeedView>>;

public sealed class ListMyCalendarFeedsHandler(ProsessDb db, ICurrentUser user) : IQueryHandler<ListMyCalendarFeeds, IReadOnlyList<CalendarFeedView>>
{
    public async ValueTask<IReadOnlyList<CalendarFeedView>> Handle(ListMyCalendarFeeds query, CancellationToken ct) =>
        await db.CalendarFeeds.AsNoTracking()
            .Where(f => f.CreatedBy == user.Id)
            .OrderByDescending(f => f.CreatedAt)
            .Select(f => new CalendarFeedView(f.Id, f.Kind, f.ParticipantId, f.CreatedAt, f.RevokedAt))
            .ToListAsync(ct);
}

/// Revoking is idempotent: a revoked feed stays revoked, with its first revocation time.
public sealed record RevokeCalendarFeed(Guid Id) : ICommand<Result<CalendarFeedView>>;

public sealed class RevokeCalendarFeedHandler(ProsessDb db, ICurrentUser user, TimeProvider clock) : ICommandHandler<RevokeCalendarFeed, Result<CalendarFeedView>>
{
    public async ValueTask<Result<CalendarFeedView>> Handle(RevokeCalendarFeed command, CancellationToken ct)
    {
        // Someone else's feed does not exist for the caller (404), unless they are an owner.
        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.Id == command.Id && (user.IsOwner || f.CreatedBy == user.Id), ct);
        if (feed is null)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(CalendarTexts.Calendar_NotFound, command.Id));
        }

        feed.RevokedAt ??= clock.GetUtcNow();
        return new CalendarFeedView(feed.Id, feed.Kind, feed.ParticipantId, feed.CreatedAt, feed.RevokedAt);
    }
}

public sealed record CalendarFeedBody(CalendarFeedKind Kind, string? ParticipantId);

public static partial class CalendarEndpoints
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static async Task<Results<Created<CreatedCalendarFeed>, ProblemHttpResult>> CreateCalendarFeed(CalendarFeedBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CreateCalendarFeed(body.Kind, body.ParticipantId), ct)).Match(f => TypedResults.Created(f.Url, f));

    public static async Task<Ok<IReadOnlyList<CalendarFeedView>>> ListMyCalendarFeeds(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListMyCalendarFeeds(), ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeCalendarFeed(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RevokeCalendarFeed(id), ct)).Match(_ => TypedResults.NoContent());

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCalendar(string token, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetCalendar(token), ct)).Match(ics => TypedResults.Text(ics, ContentType));
}
