using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Pages.Studio;

/// What the studio's read-only draft pages (diagram, calendar) share: the draft as far as it can be
/// read, the tabs, and the words for a definition's parts.
public abstract class DraftPreviewPage(IMediator mediator) : FormPage(mediator)
{
    public DraftPreview Draft { get; private set; } = null!;

    /// Which tab this page is (see _DraftTabs).
    protected abstract string Tab { get; }

    public DraftTabs Tabs => new(Draft.Id, DefinitionDiagram.Named(Draft.Name, StudioTexts.Preview_Unnamed), Tab,
        [.. Draft.Definition.Stages.Select(s => (s.Key, DefinitionDiagram.Named(s.Name, s.Key)))]);

    /// Loads the draft: null when it is there, else the answer instead (404, 403).
    protected async Task<IActionResult?> LoadDraftAsync(Guid id, CancellationToken ct)
    {
        var result = await Mediator.Send(new GetDraftPreview(id), ct);
        if (result.Succeeded)
        {
            Draft = result.Value;
            return null;
        }

        return result.Error.Kind == ErrorKind.Forbidden ? Forbid() : NotFound();
    }

    /// Where in the editor a problem's JSON Pointer is fixed (<see cref="StudioLinks.ForProblem"/>).
    public string EditorLink(string pointer) =>
        StudioLinks.ForProblem(Draft.Id, pointer, [.. Draft.Definition.Stages.Select(s => s.Key ?? "")]);

    public static string Role(ResponsibleRole role) => DefinitionDiff.RoleName(role);

    public static string KindName(ParticipantKind kind) => kind == ParticipantKind.Region ? StudioTexts.Preview_Region : StudioTexts.Preview_Municipality;

    public static string Deadline(Deadline? deadline)
    {
        if (deadline is null)
        {
            return StudioTexts.Preview_NoDeadline;
        }

        var days = deadline.Days == 0 ? "" : DraftPage.F(StudioTexts.Preview_AndDays, deadline.Days);
        var from = deadline.From == DeadlineAnchor.StageStart ? StudioTexts.Preview_StageStart : StudioTexts.Preview_ProgrammeStart;
        return deadline.Weeks < 0 ? DraftPage.F(StudioTexts.Preview_WeeksBefore, -deadline.Weeks, days, from) : DraftPage.F(StudioTexts.Preview_WeekFrom, deadline.Weeks, days, from);
    }
}
