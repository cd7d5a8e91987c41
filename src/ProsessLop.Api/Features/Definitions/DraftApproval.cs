using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Definitions;

// The four-eyes rule: an organisation can require that a definition it owns is approved by a
// second owner — not the one who saved the revision — before it is published. An approval holds
// for the revision it names: a new save needs a new approval.

/// One owner's approval of one revision of a draft. Kept after later saves, as the record of who
/// approved what.
public sealed class DefinitionDraftApproval
{
    public Guid Id { get; init; }
    public Guid DraftId { get; init; }
    public int Revision { get; init; }
    public required string ApprovedBy { get; set; }
    public required string ApprovedByName { get; set; }
    public DateTimeOffset ApprovedAt { get; init; }
    public string? Note { get; init; }
}

internal sealed class DefinitionDraftApprovalMap : IEntityTypeConfiguration<DefinitionDraftApproval>
{
    public void Configure(EntityTypeBuilder<DefinitionDraftApproval> e)
    {
        e.ToTable("definition_draft_approvals");
        e.Property(a => a.ApprovedBy).HasMaxLength(200);
        e.Property(a => a.ApprovedByName).HasMaxLength(200);
        e.Property(a => a.Note).HasMaxLength(1000);
        e.HasOne<DefinitionDraft>().WithMany().HasForeignKey(a => a.DraftId).OnDelete(DeleteBehavior.Cascade);
        // One approval per owner per revision: approving twice changes nothing.
        e.HasIndex(a => new { a.DraftId, a.Revision, a.ApprovedBy }).IsUnique();
    }
}

/// Which owner organisations require four eyes: `Studio:FourEyes:<Organisation>=true`, or a list
/// (`Studio:FourEyes:0=KS`) — both forms in the one section, so either works from the environment.
public sealed class FourEyesRule(IConfiguration configuration)
{
    private readonly HashSet<string> _organisations = configuration.GetSection("Studio:FourEyes").GetChildren()
        .Select(c => int.TryParse(c.Key, out _) ? c.Value : bool.TryParse(c.Value, out var on) && on ? c.Key : null)
        .OfType<string>().Select(o => o.Trim()).Where(o => o.Length > 0)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// The draft's owner organisations (its JSON's `owners`) that require four eyes.
    public IReadOnlyList<string> OrganisationsRequiring(string json) =>
        _organisations.Count == 0 ? [] : [.. Owners(json).Where(_organisations.Contains)];

    private static IEnumerable<string> Owners(string json) =>
        JsonNode.Parse(json) is JsonObject { } o && o["owners"] is JsonArray owners
            ? owners.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()
            : [];
}

public sealed record DraftApprovalView(int Revision, string ApprovedByName, DateTimeOffset ApprovedAt, string? Note);

/// Whether the draft needs a second owner's approval, and the approval of its current revision if any.
public sealed record DraftApprovalStatus(bool Required, IReadOnlyList<string> Organisations, DraftApprovalView? Approval);

/// An owner approves the draft's current revision. <paramref name="Revision"/> is the revision the
/// owner read: if someone has saved since, the approval would cover text they have not seen.
public sealed record ApproveDraft(Guid Id, int Revision, string? Note) : ICommand<Result<DraftApprovalView>>;

public sealed record ApproveBody(int Revision, string? Note);

public sealed class ApproveDraftValidator : AbstractValidator<ApproveDraft>
{
    public ApproveDraftValidator()
    {
        RuleFor(c => c.Revision).GreaterThan(0).WithMessage("Oppgi revisjonen du har lest og godkjenner.");
        RuleFor(c => c.Note).MaximumLength(1000).WithMessage(_ => StudioTexts.Refusal_NoteLength);
    }
}

public sealed class ApproveDraftHandler(ProsessDb db, DraftStore drafts, ICurrentUser user, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<ApproveDraft, Result<DraftApprovalView>>
{
    public async ValueTask<Result<DraftApprovalView>> Handle(ApproveDraft command, CancellationToken ct)
    {
        var found = await drafts.FindOpenAsync(command.Id, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var draft = found.Value;
        if (command.Revision != draft.Revision)
        {
            return Error.Conflict(Vocabulary.Format(StudioTexts.Approval_SavedSince, draft.Revision, command.Revision));
        }

        var saver = await DraftApprovals.LastSaverAsync(db, draft, ct);
        if (saver.Id == user.Id)
        {
            return Error.Conflict(Vocabulary.Format(StudioTexts.Approval_OwnRevision, draft.Revision));
        }

        if (await db.DefinitionDraftApprovals.AsNoTracking().SingleOrDefaultAsync(a => a.DraftId == draft.Id && a.Revision == draft.Revision && a.ApprovedBy == user.Id, ct) is { } already)
        {
            return DraftApprovals.View(already);
        }

        var approval = new DefinitionDraftApproval
        {
            Id = Guid.CreateVersion7(), DraftId = draft.Id, Revision = draft.Revision, ApprovedBy = user.Id, ApprovedByName = user.Name,
            ApprovedAt = clock.GetUtcNow(), Note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
        };
        db.DefinitionDraftApprovals.Add(approval);
        journal.Record("", null, "definition-draft-approved", DraftStore.Target(draft.Id), null, new { key = draft.Key, revision = draft.Revision });
        return DraftApprovals.View(approval);
    }
}

/// What approving and publishing share: who saved the current revision, and whether it is approved.
public static class DraftApprovals
{
    public static DraftApprovalView View(DefinitionDraftApproval a) => new(a.Revision, a.ApprovedByName, a.ApprovedAt, a.Note);

    public static async Task<(string Id, string Name)> LastSaverAsync(ProsessDb db, DefinitionDraft draft, CancellationToken ct)
    {
        // A save in this unit of work is not in the database yet.
        var added = db.ChangeTracker.Entries<DefinitionDraftRevision>().Select(e => e.Entity).FirstOrDefault(r => r.DraftId == draft.Id && r.Number == draft.Revision);
        var revision = added ?? await db.DefinitionDraftRevisions.AsNoTracking().SingleAsync(r => r.DraftId == draft.Id && r.Number == draft.Revision, ct);
        return (revision.SavedBy, revision.SavedByName);
    }

    public static async Task<DraftApprovalStatus> StatusAsync(ProsessDb db, FourEyesRule rule, DefinitionDraft draft, CancellationToken ct)
    {
        var organisations = rule.OrganisationsRequiring(draft.Json);
        var approval = await db.DefinitionDraftApprovals.AsNoTracking().Where(a => a.DraftId == draft.Id && a.Revision == draft.Revision)
            .OrderBy(a => a.ApprovedAt).FirstOrDefaultAsync(ct);
        return new(organisations.Count > 0, organisations, approval is null ? null : View(approval));
    }

    /// The 409 for publishing without the approval the rule requires, naming who can give it.
    public static async Task<Error?> MissingAsync(ProsessDb db, FourEyesRule rule, DefinitionDraft draft, CancellationToken ct)
    {
        var status = await StatusAsync(db, rule, draft, ct);
        if (!status.Required || status.Approval is not null)
        {
            return null;
        }

        var saver = await LastSaverAsync(db, draft, ct);
        var others = await db.People.AsNoTracking().Where(p => p.Id != saver.Id && p.Memberships.Any(m => m.Role == Roles.Owner))
            .OrderBy(p => p.Name).Select(p => p.Name).Take(6).ToListAsync(ct);
        var who = others.Count == 0 ? "" : " " + Vocabulary.Format(StudioTexts.Approval_ForExample, string.Join(", ", others));
        return Error.Conflict(
            Vocabulary.Format(StudioTexts.Approval_Required, string.Join(" og ", status.Organisations), draft.Revision, saver.Name) + who);
    }
}
