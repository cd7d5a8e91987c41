using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages;

/// Owners: find people, see their roles and last sign-in, erase a person (GDPR), and go to a
/// participant's people. Coordinators are sent straight to their own participant.
public sealed class TilgangModel(IMediator mediator, ICurrentUser user, Features.Definitions.DefinitionRegistry definitions) : FormPage(mediator)
{
    public const string InviteForm = "inviter";

    public IReadOnlyList<PersonView> People { get; private set; } = [];

    /// Owners are invited to an owning organisation; the steering group to a programme.
    public IReadOnlyList<string> Organisations => definitions.LatestOfEach().SelectMany(d => d.Owners).Distinct().Order().ToList();

    public IReadOnlyList<(string Key, string Name)> Programmes => definitions.LatestOfEach().Select(d => (d.Key, Name: (string)d.Name)).OrderBy(d => d.Name).ToList();

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public async Task<IActionResult> OnGetAsync(string? deltaker, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return user.Coordinates.FirstOrDefault() is { } own ? Redirect(PageLinks.Access(own)) : Forbid();
        }

        if (!string.IsNullOrWhiteSpace(deltaker))
        {
            return Redirect(PageLinks.Access(deltaker.Trim()));
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync(string personId, bool confirm, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        if (!confirm)
        {
            ModelState.AddModelError(Id("slett", personId), PeopleTexts.Access_ConfirmErase);
            await LoadAsync(ct);
            return Page();
        }

        return await AfterAsync(await SendAsync(new ErasePerson(personId), Id("slett", personId), ct), PeopleTexts.Access_Erased, ct);
    }

    /// Invite an owner (to an organisation) or a member of a programme's steering group.
    public async Task<IActionResult> OnPostInviteAsync(string name, string email, string role, string? organisation, string? definitionKey, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        var command = new Invite(email ?? "", name ?? "", role ?? "", null,
            role == Roles.Owner ? organisation : null, role == Roles.Steering ? definitionKey : null);
        return await AfterAsync(await SendAsync(command, InviteForm, ct), Vocabulary.Format(PeopleTexts.People_InvitationSent, email), ct);
    }

    protected override async Task LoadAsync(CancellationToken ct) =>
        People = await Mediator.Send(new SearchPeople(Query, Paging.From(1, 100, 100, 100)), ct);
}
