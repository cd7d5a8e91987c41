using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Pages.Studio;

/// A draft's history: every saved revision, what the draft changes compared with the version it
/// started from, and what changed between two revisions the owner picks — in words.
public sealed class EndringerModel(IMediator mediator, ICurrentUser user) : StudioPage(mediator, user)
{
    public DraftView Draft { get; private set; } = null!;

    /// The changes against the base version; null when the draft cannot be read as a definition yet.
    public DraftDiff? Diff { get; private set; }

    [BindProperty(SupportsGet = true, Name = "fra")]
    public int? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "til")]
    public int? To { get; set; }

    /// The changes between revisions From and To, when both are chosen and readable.
    public IReadOnlyList<DefinitionChange>? Between { get; private set; }

    public string? BetweenProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var draft = await Mediator.Send(new GetDraft(id), ct);
        if (!draft.Succeeded)
        {
            return NotFound();
        }

        Draft = draft.Value;
        var diff = await Mediator.Send(new DiffDraft(id), ct);
        Diff = diff.Succeeded ? diff.Value : null;

        if (From is int from && To is int to)
        {
            await CompareAsync(id, from, to, ct);
        }

        return Page();
    }

    // Two revisions are two whole definitions: reading both and comparing them is the same diff
    // the base comparison uses, and costs milliseconds.
    private async Task CompareAsync(Guid id, int from, int to, CancellationToken ct)
    {
        var before = await Mediator.Send(new GetDraftRevision(id, from), ct);
        var after = await Mediator.Send(new GetDraftRevision(id, to), ct);
        if (!before.Succeeded || !after.Succeeded)
        {
            BetweenProblem = StudioTexts.Changes_ChooseExisting;
            return;
        }

        try
        {
            Between = DefinitionDiff.Compare(DefinitionJson.Read(before.Value.Definition.GetRawText()), DefinitionJson.Read(after.Value.Definition.GetRawText()));
        }
        catch (JsonException)
        {
            BetweenProblem = StudioTexts.Changes_CannotCompare;
        }
    }
}
