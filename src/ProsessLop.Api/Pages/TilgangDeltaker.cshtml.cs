using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Engine;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Pages;

/// One participant's people: invite, change role, remove, see open invitations and last
/// sign-in. For owners and the participant's coordinators; the rules are the API's (MembershipRules).
public sealed class TilgangDeltakerModel(IMediator mediator) : FormPage(mediator)
{
    public const string InviteForm = "inviter";

    public ParticipantMembers Members { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string ParticipantId { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(string name, string email, string role, CancellationToken ct) =>
        await AfterAsync(await SendAsync(new Invite(email ?? "", name ?? "", role ?? "", ParticipantId, null, null), InviteForm, ct),
            Vocabulary.Format(PeopleTexts.People_InvitationSent, email), ct);

    public async Task<IActionResult> OnPostRoleAsync(Guid membershipId, string role, CancellationToken ct) =>
        await AfterAsync(await SendAsync(new ChangeMembership(membershipId, role ?? ""), Id("rolle", membershipId), ct), PeopleTexts.AccessParticipant_RoleChanged, ct);

    public async Task<IActionResult> OnPostRemoveAsync(Guid membershipId, CancellationToken ct) =>
        await AfterAsync(await SendAsync(new RemoveMembership(membershipId), Id("rolle", membershipId), ct), PeopleTexts.AccessParticipant_Removed, ct);

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken ct) =>
        await AfterAsync(await SendAsync(new RevokeInvitation(invitationId), Id("invitasjon", invitationId), ct), PeopleTexts.AccessParticipant_InvitationRevoked, ct);

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var members = await Mediator.Send(new ListMembers(ParticipantId), ct);
        if (!members.Succeeded)
        {
            return members.Error.Kind == ErrorKind.NotFound ? NotFound() : Forbid();
        }

        Members = members.Value;
        return Page();
    }

    protected override async Task LoadAsync(CancellationToken ct) => await ShowAsync(ct);

    public IReadOnlyList<(string Value, string Text)> RolesToGive =>
        Members.CoordinatorsMayAppointCoordinators
            ? [(Roles.Participant, PeopleTexts.Role_ParticipantTitle), (Roles.Coordinator, PeopleTexts.Role_CoordinatorTitle)]
            : [(Roles.Participant, PeopleTexts.Role_ParticipantTitle)];
}
