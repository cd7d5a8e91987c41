using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Features.People;

public static class PeopleEndpoints
{
    public const int PeoplePageSize = 50;

    public static IEndpointRouteBuilder MapPeople(this IEndpointRouteBuilder app)
    {
        // Anyone signed in, with or without a role: it says who they are here and what they may do.
        app.MapGet("/api/me", GetMe).WithTags("People").WithName(nameof(GetMe)).RequireAuthorization(Policies.SignedIn);

        var tokens = app.MapGroup("/api/me/access-tokens").WithTags("People").RequireAuthorization(Policies.Reader);
        tokens.MapGet("/", ListAccessTokens).WithName(nameof(ListAccessTokens));
        tokens.MapPost("/", CreateAccessToken).WithName(nameof(CreateAccessToken)).CarriesSecret();
        tokens.MapDelete("/{id:guid}", RevokeAccessToken).WithName(nameof(RevokeAccessToken));

        var people = app.MapGroup("/api/people").WithTags("People").RequireAuthorization(Policies.Owner);
        people.MapGet("/", SearchPeople).WithName(nameof(SearchPeople));
        people.MapDelete("/{personId}", ErasePerson).WithName(nameof(ErasePerson));

        var access = app.MapGroup("/api").WithTags("People").RequireAuthorization(Policies.Reader);
        access.MapGet("/participants/{participantId}/members", ListMembers).WithName(nameof(ListMembers));
        access.MapPost("/invitations", Invite).WithName(nameof(Invite));
        access.MapDelete("/invitations/{id:guid}", RevokeInvitation).WithName(nameof(RevokeInvitation));
        access.MapPut("/memberships/{id:guid}", ChangeMembership).WithName(nameof(ChangeMembership));
        access.MapDelete("/memberships/{id:guid}", RemoveMembership).WithName(nameof(RemoveMembership));
        return app;
    }

    public sealed record RoleChange(string Role);

    public static async Task<Ok<MeView>> GetMe(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetMe(http.User), ct));

    public static async Task<Ok<IReadOnlyList<AccessTokenView>>> ListAccessTokens(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListAccessTokens(), ct));

    public static async Task<Results<Created<CreatedAccessToken>, ProblemHttpResult>> CreateAccessToken(CreateAccessToken command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).Match(t => TypedResults.Created($"/api/me/access-tokens/{t.Id}", t));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAccessToken(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RevokeAccessToken(id), ct)).Match(_ => TypedResults.NoContent());

    public static async Task<Ok<IReadOnlyList<PersonView>>> SearchPeople(string? q, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SearchPeople(q, Paging.From(page, pageSize, PeoplePageSize, 200)), ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> ErasePerson(string personId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ErasePerson(personId), ct)).Match(_ => TypedResults.NoContent());

    public static async Task<Results<Ok<ParticipantMembers>, ProblemHttpResult>> ListMembers(string participantId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListMembers(participantId), ct)).Match(m => TypedResults.Ok(m));

    public static async Task<Results<Created<SentInvitation>, ProblemHttpResult>> Invite(Invite command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).Match(i => TypedResults.Created($"/api/invitations/{i.Id}", i));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeInvitation(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RevokeInvitation(id), ct)).Match(_ => TypedResults.NoContent());

    public static async Task<Results<Ok<MemberView>, ProblemHttpResult>> ChangeMembership(Guid id, RoleChange body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ChangeMembership(id, body.Role), ct)).Match(m => TypedResults.Ok(m));

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMembership(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RemoveMembership(id), ct)).Match(_ => TypedResults.NoContent());
}
