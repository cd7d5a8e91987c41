using System.Security.Claims;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.People;

/// Who am I here: the person (if the sign-in is linked to one), how they signed in, and their
/// memberships. Answers for anyone signed in, also without any role, so a new sign-in learns
/// why everything else says 403.
public sealed record GetMe(ClaimsPrincipal Principal) : IQuery<MeView>;

public sealed record MembershipView(Guid Id, string Role, string RoleName, ScopeKind ScopeKind, string ScopeId, string ScopeName, DateTimeOffset Since);

/// <param name="Person">Null when the sign-in is not linked to a person here (no invitation accepted yet) or is a demo user.</param>
public sealed record MeView(string? Id, string Name, string? Email, string? SignedInWith, bool Demo, IReadOnlyList<string> Roles,
    IReadOnlyList<MembershipView> Memberships, DateTimeOffset? LastSignInAt, string? Hint);

public sealed class GetMeHandler(ProsessDb db, ICurrentUser user, DefinitionRegistry definitions) : IQueryHandler<GetMe, MeView>
{
    public async ValueTask<MeView> Handle(GetMe query, CancellationToken ct)
    {
        var principal = query.Principal;
        var roles = principal.FindAll(ProsessClaims.Role).Select(c => c.Value).Distinct().ToList();
        var kind = principal.Identity?.AuthenticationType ?? "";
        var via = principal.FindFirst(ProsessClaims.Provider)?.Value
            ?? (kind.StartsWith(AuthSetup.BearerKindPrefix, StringComparison.Ordinal) ? kind[AuthSetup.BearerKindPrefix.Length..]
                : principal.HasClaim(c => c.Type == ProsessClaims.TokenId) ? "personal-access-token" : kind);
        var person = principal.FindFirst(ProsessClaims.Subject) is null ? null
            : await db.People.AsNoTracking().Include(p => p.Memberships).SingleOrDefaultAsync(p => p.Id == user.Id, ct);
        if (person is null)
        {
            var demo = principal.Identity?.AuthenticationType is AuthSetup.DemoKind or AuthSetup.LocalKind && roles.Count > 0;
            return new MeView(demo ? user.Id : null, user.Name, null, via, demo, roles, [], null,
                demo ? null : PeopleTexts.Me_NoAccessYet);
        }

        var memberships = new List<MembershipView>();
        foreach (var m in person.Memberships.OrderBy(m => m.ScopeKind).ThenBy(m => m.ScopeId))
        {
            memberships.Add(new MembershipView(m.Id, m.Role, RoleNames.Of(m.Role), m.ScopeKind, m.ScopeId,
                await ScopeNames.OfAsync(db, definitions, m.ScopeKind, m.ScopeId, ct), m.CreatedAt));
        }

        return new MeView(person.Id, person.Name, person.Email, via, false, roles, memberships, person.LastSignInAt,
            memberships.Count == 0 ? PeopleTexts.Me_NoRolesNow : null);
    }
}

/// A personal access token for scripts: shown once, stored hashed, read or read-write, expiring.
public sealed record CreateAccessToken(string Name, TokenScope Scope, int? ExpiresInDays) : ICommand<Result<CreatedAccessToken>>;

public sealed record CreatedAccessToken(Guid Id, string Name, TokenScope Scope, DateTimeOffset ExpiresAt, string Token);

public sealed record AccessTokenView(Guid Id, string Name, TokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed class CreateAccessTokenValidator : AbstractValidator<CreateAccessToken>
{
    public const int MaxDays = 365;

    public CreateAccessTokenValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100).WithMessage(_ => PeopleTexts.Me_TokenNameRule);
        RuleFor(c => c.Scope).IsInEnum().WithMessage(_ => PeopleTexts.Me_TokenScopeRule);
        RuleFor(c => c.ExpiresInDays).InclusiveBetween(1, MaxDays).When(c => c.ExpiresInDays is not null)
            .WithMessage(_ => Workflow.Engine.Vocabulary.Format(PeopleTexts.Me_TokenDaysRule, MaxDays));
    }
}

public sealed class CreateAccessTokenHandler(ProsessDb db, ICurrentUser user, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<CreateAccessToken, Result<CreatedAccessToken>>
{
    public const int DefaultDays = 90;

    public async ValueTask<Result<CreatedAccessToken>> Handle(CreateAccessToken command, CancellationToken ct)
    {
        if (user.ViaAccessToken)
        {
            return Error.Forbidden(PeopleTexts.Me_TokenByToken);
        }

        if (!await db.People.AnyAsync(p => p.Id == user.Id, ct))
        {
            return Error.Forbidden(PeopleTexts.Me_TokenOnlyPeople);
        }

        var token = Secrets.New(PersonalAccessToken.Prefix);
        var now = clock.GetUtcNow();
        var pat = new PersonalAccessToken
        {
            Id = Guid.CreateVersion7(), PersonId = user.Id, Name = command.Name.Trim(), TokenHash = Secrets.Hash(token), Scope = command.Scope,
            CreatedAt = now, ExpiresAt = now.AddDays(command.ExpiresInDays ?? DefaultDays),
        };
        db.PersonalAccessTokens.Add(pat);
        journal.Record("", null, "access-token-created", MembershipLookup.Target(user.Id), null, new { pat.Name, pat.Scope, pat.ExpiresAt });
        return new CreatedAccessToken(pat.Id, pat.Name, pat.Scope, pat.ExpiresAt, token);
    }
}

public sealed record ListAccessTokens : IQuery<IReadOnlyList<AccessTokenView>>;

public sealed class ListAccessTokensHandler(ProsessDb db, ICurrentUser user) : IQueryHandler<ListAccessTokens, IReadOnlyList<AccessTokenView>>
{
    public async ValueTask<IReadOnlyList<AccessTokenView>> Handle(ListAccessTokens query, CancellationToken ct) =>
        await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.PersonId == user.Id)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new AccessTokenView(t.Id, t.Name, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);
}

/// Revoke one of one's own tokens (owners: anyone's); it stops working on the next request.
public sealed record RevokeAccessToken(Guid TokenId) : ICommand<Result<bool>>;

public sealed class RevokeAccessTokenHandler(ProsessDb db, ICurrentUser user, Journal.Journal journal, TimeProvider clock) : ICommandHandler<RevokeAccessToken, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RevokeAccessToken command, CancellationToken ct)
    {
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == command.TokenId && (t.PersonId == user.Id || user.IsOwner), ct);
        if (token is null)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(PeopleTexts.Me_TokenNotFound, command.TokenId));
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            journal.Record("", null, "access-token-revoked", MembershipLookup.Target(token.PersonId), new { token.Name }, null);
        }

        return true;
    }
}
