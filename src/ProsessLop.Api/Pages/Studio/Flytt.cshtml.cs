using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// After publishing: the owner moves all, some or none of the programmes running on older
/// versions to the new one — first as a trial (nothing changes), then for real. Each programme
/// moves on its own; those refused are listed with the reason.
public sealed class FlyttModel(IMediator mediator, ICurrentUser user, TimeProvider clock) : StudioPage(mediator, user)
{
    public const string Form = "flytt";
    public const string StartForm = "start";

    /// The municipalities a programme of this version can be started for (the start form).
    public IReadOnlyList<Features.Participants.MunicipalityView> Municipalities { get; private set; } = [];

    /// The start date the form suggests: today in Oslo.
    public DateOnly Today => ProsessLop.Workflow.Calendar.OsloTime.Today(clock);

    [BindProperty(SupportsGet = true, Name = "key")]
    public string DefinitionKey { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "version")]
    public int Version { get; set; }

    public MigratableProgrammes Programmes { get; private set; } = new("", 0, "", []);

    /// What the last trial or move did, programme by programme; null before the first.
    public BulkMigrationResult? Result { get; private set; }

    /// The programmes the owner ticked (kept ticked after a trial, so they can be moved next).
    public IReadOnlySet<Guid> Chosen { get; private set; } = new HashSet<Guid>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadProgrammesAsync(ct) ? Page() : NotFound();

    /// Start a programme of this version for a municipality: the same command as the API's
    /// POST /api/programmes, so its checks (one running programme per participant, the version
    /// exists, a valid date) are the API's and its refusals stand next to the fields.
    public async Task<IActionResult> OnPostStartAsync(string? participantId, string? startDate, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(startDate, "yyyy-MM-dd", out var start))
        {
            ModelState.AddModelError(Key(StartForm, "startDate"), StudioTexts.Move_DateFormat);
            return await LoadProgrammesAsync(ct) ? Page() : NotFound();
        }

        var sent = await SendAsync(new Features.Programmes.StartProgramme(DefinitionKey, Version, ProsessLop.Workflow.Definitions.ParticipantKind.Municipality, participantId ?? "", start), StartForm, ct);
        if (sent.Stop is { } stop)
        {
            return stop;
        }

        if (sent.Succeeded)
        {
            Message = DraftPage.F(StudioTexts.Move_Started, sent.Value!.ParticipantName);
            return RedirectToPage();
        }

        return await LoadProgrammesAsync(ct) ? Page() : NotFound();
    }

    /// <paramref name="apply"/> false: a trial; <paramref name="all"/>: every programme on an older version.
    public async Task<IActionResult> OnPostAsync(List<Guid>? programmeIds, bool all, bool apply, CancellationToken ct)
    {
        Chosen = (programmeIds ?? []).ToHashSet();
        // The names before moving: a moved programme leaves the list of those to move.
        if (!await LoadProgrammesAsync(ct))
        {
            return NotFound();
        }

        if (!all && Chosen.Count == 0)
        {
            ModelState.AddModelError(Key(Form, "programmeIds"), StudioTexts.Move_ChooseOne);
            return Page();
        }

        var result = await Mediator.Send(new MigrateVersion(DefinitionKey, Version, all ? null : [.. Chosen], all, apply), ct);
        if (!result.Succeeded)
        {
            if (result.Error.Kind == Infrastructure.Errors.ErrorKind.NotFound)
            {
                return NotFound();
            }

            ModelState.AddModelError(Form, result.Error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : result.Error.Detail);
        }
        else
        {
            Result = result.Value;
        }

        return await LoadProgrammesAsync(ct) ? Page() : NotFound();
    }

    /// A programme's name for an outcome.
    public string NameOf(Guid id) => names.GetValueOrDefault(id, id.ToString());

    private readonly Dictionary<Guid, string> names = [];

    private async Task<bool> LoadProgrammesAsync(CancellationToken ct)
    {
        var found = await Mediator.Send(new ListMigratableProgrammes(DefinitionKey, Version), ct);
        if (!found.Succeeded)
        {
            return false;
        }

        Programmes = found.Value;
        Municipalities = await Mediator.Send(new Features.Participants.ListMunicipalities(null), ct);
        foreach (var p in Programmes.Programmes)
        {
            names[p.Id] = p.ParticipantName;
        }

        return true;
    }
}
