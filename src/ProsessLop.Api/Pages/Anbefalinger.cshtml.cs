using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages;

/// The owners' editor for the recommendations to KS and Norsk kulturskoleråd: sections (each one
/// recommendation with its title, text and the published reports and shared learning it rests on),
/// review by a second owner, publishing, and the files to send. Everything goes through the API's
/// commands: the rules (what may be cited, four eyes, the revision a change is made from) are theirs.
public sealed class RecommendationEditorModel(IMediator mediator, ICurrentUser user, ThemeReader reader) : FormPage(mediator)
{
    /// Where messages about the whole document go (a stale revision, the title, the list of sections).
    public const string FormKey = "anbefalinger";

    /// Where review and publish messages go.
    public const string StepKey = "gjennomgang";

    public sealed class SectionForm
    {
        public string? Title { get; set; }
        public string? Text { get; set; }
        public List<Guid> Reports { get; set; } = [];
        public List<Guid> Learning { get; set; } = [];
    }

    public sealed class DocumentForm
    {
        public string? Title { get; set; }
        public List<SectionForm> Sections { get; set; } = [];
    }

    public sealed record Choice(Guid Id, string Text);

    [BindProperty(SupportsGet = true)]
    public string? DefinitionKey { get; set; }

    [BindProperty]
    public DocumentForm Form { get; set; } = new();

    /// The revision the form was loaded from (posted back with every save, review and publish).
    [BindProperty]
    public int Revision { get; set; }

    public string ThemeName { get; private set; } = "";

    public string CurrentUserId => user.Id;

    /// The document as it is stored now.
    public RecommendationView Stored { get; private set; } = null!;

    public IReadOnlyList<(string Key, string Name)> Definitions { get; private set; } = [];

    public IReadOnlyList<Choice> Reports { get; private set; } = [];

    public IReadOnlyList<Choice> Learning { get; private set; } = [];

    /// Someone saved after this form was loaded: their version is shown beside the form.
    public bool Stale { get; private set; }

    /// Sections were added, removed or moved in the form, which is not saved yet.
    public string? Unsaved { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // Owners only, for every handler (the exports too); others get the 403 page.
        if (!user.IsOwner)
        {
            context.Result = Forbid();
            return;
        }

        await next();
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (DefinitionKey is null)
        {
            Definitions = [.. reader.Definitions().Select(d => (d.Key, d.Name.Current))];
            return Page();
        }

        if (await LoadStoredAsync(ct) is { } stop)
        {
            return stop;
        }

        Revision = Stored.Revision;
        Form = new DocumentForm
        {
            Title = Stored.Title.Length > 0 ? Stored.Title : PublicationTexts.Editor_Heading,
            Sections = Stored.Sections.Count > 0
                ? [.. Stored.Sections.Select(s => new SectionForm { Title = s.Title, Text = s.Text, Reports = [.. s.Reports], Learning = [.. s.Learning] })]
                : [new SectionForm()],
        };
        return Page();
    }

    /// Lagre (no action), or one of the buttons that add, remove or move a section: those change
    /// the form only, shown again with everything typed, and nothing is saved until «Lagre».
    public async Task<IActionResult> OnPostAsync(string? action, CancellationToken ct)
    {
        if (await LoadStoredAsync(ct) is { } stop)
        {
            return stop;
        }

        if (!string.IsNullOrEmpty(action))
        {
            if (!Rearrange(action))
            {
                ModelState.AddModelError(FormKey, PublicationTexts.Editor_UnknownAction);
            }

            return Page();
        }

        var sections = Form.Sections.Select(s => new RecommendationSection(s.Title ?? "", s.Text ?? "", s.Reports.Distinct().ToList(), s.Learning.Distinct().ToList())).ToList();
        var sent = await SendAsync(new SaveRecommendations(DefinitionKey!, Form.Title ?? "", sections, Revision), FormKey, ct);
        if (sent.Stop is { } refused)
        {
            return refused;
        }

        if (sent.Succeeded)
        {
            Message = string.Format(CultureInfo.CurrentCulture, PublicationTexts.Editor_Saved, sent.Value.Revision);
            return Redirect(Request.Path);
        }

        await LoadStoredAsync(ct);
        if (Stored.Revision != Revision)
        {
            // Nothing is lost: the form keeps what was typed, the stored version is shown beside
            // it, and a new «Lagre» is now made from that version (a deliberate save over it).
            Stale = true;
            Revision = Stored.Revision;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }

    public Task<IActionResult> OnPostReviewAsync(CancellationToken ct) =>
        AdvanceAsync(RecommendationStep.Review, PublicationTexts.Editor_ReviewedMessage, ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        AdvanceAsync(RecommendationStep.Publish, PublicationTexts.Editor_PublishedMessage, ct);

    private async Task<IActionResult> AdvanceAsync(RecommendationStep step, string done, CancellationToken ct)
    {
        var sent = await SendAsync(new AdvanceRecommendations(DefinitionKey!, step, Revision), StepKey, ct);
        if (sent.Stop is { } refused)
        {
            return refused;
        }

        if (sent.Succeeded)
        {
            Message = done;
            return Redirect(Links(DefinitionKey!).Page);
        }

        Response.StatusCode = StatusCodes.Status409Conflict;
        return await OnGetAsync(ct) is PageResult page ? page : NotFound();
    }

    /// The document as it stands now, as a file to send round before publishing.
    public Task<IActionResult> OnGetHtmlAsync(CancellationToken ct) => ExportAsync("html", ct);

    public Task<IActionResult> OnGetPdfAsync(CancellationToken ct) => ExportAsync("pdf", ct);

    private async Task<IActionResult> ExportAsync(string format, CancellationToken ct)
    {
        if (DefinitionKey is null || reader.Definition(DefinitionKey) is not { } definition
            || await reader.RecommendationsAsync(DefinitionKey, ct, publishedOnly: false) is not { } recommendations)
        {
            return NotFound();
        }

        var file = RecommendationExport.File(recommendations, definition.Name.Current, format, HttpContext);
        return File(file.Bytes, file.ContentType, file.Name);
    }

    public sealed record PageLinks(string Page, string Html, string Pdf);

    public static PageLinks Links(string key)
    {
        var page = $"/anbefalinger/{Uri.EscapeDataString(key)}";
        return new(page, page + "/html", page + "/pdf");
    }

    private async Task<IActionResult?> LoadStoredAsync(CancellationToken ct)
    {
        var found = await Mediator.Send(new GetRecommendations(DefinitionKey!), ct);
        if (!found.Succeeded)
        {
            return NotFound();
        }

        Stored = found.Value;
        ThemeName = reader.Definition(DefinitionKey!)?.Name.Current ?? DefinitionKey!;
        var published = await reader.Published(DefinitionKey!).OrderBy(p => p.ParticipantName).ThenBy(p => p.PublishedAt).ToListAsync(ct);
        Reports = [.. published.Select(p => new Choice(p.Id, p.ParticipantName + ": " + reader.Title(p)))];
        var stages = reader.Definition(DefinitionKey!)?.Stages.ToDictionary(s => s.Key, s => s.Name.Current) ?? [];
        Learning = [.. (await reader.Learning(DefinitionKey!).ToListAsync(ct))
            .OrderBy(l => l.ParticipantName, StringComparer.Ordinal)
            .Select(l => new Choice(l.Id, $"{l.ParticipantName} ({stages.GetValueOrDefault(l.StageKey, l.StageKey)}): {Short(l.WhatWeLearned)}"))];
        return null;
    }

    private static string Short(string text) => text.Length <= 120 ? text : text[..117].TrimEnd() + "…";

    // "add", "remove:2", "up:2", "down:2".
    private bool Rearrange(string action)
    {
        var sections = Form.Sections;
        if (action == "add")
        {
            sections.Add(new SectionForm());
            Unsaved = string.Format(CultureInfo.CurrentCulture, PublicationTexts.Editor_Added, sections.Count);
            return true;
        }

        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(action[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) || i >= sections.Count)
        {
            return false;
        }

        var name = string.IsNullOrWhiteSpace(sections[i].Title) ? string.Format(CultureInfo.CurrentCulture, PublicationTexts.Editor_Legend, i + 1) : $"«{sections[i].Title}»";
        switch (action[..colon])
        {
            case "remove":
                sections.RemoveAt(i);
                Unsaved = string.Format(CultureInfo.CurrentCulture, PublicationTexts.Editor_Removed, name);
                return true;
            case "up" when i > 0:
            case "down" when i < sections.Count - 1:
                var j = action[..colon] == "up" ? i - 1 : i + 1;
                (sections[i], sections[j]) = (sections[j], sections[i]);
                Unsaved = string.Format(CultureInfo.CurrentCulture, j < i ? PublicationTexts.Editor_MovedUp : PublicationTexts.Editor_MovedDown, name);
                return true;
            default:
                return false;
        }
    }

    /// The ModelState key of a field as the API names it ("title", "sections[0].text").
    public static string FieldKey(string field) => Key(FormKey, field);

    public static string SectionKey(int i, string field) => FieldKey($"sections[{i}].{field}");

    public static string SectionId(int i, string part) => $"anbefaling-{i + 1}-{part}";

    /// The error summary: every message of the form, each a link to its field.
    public IReadOnlyList<(string Text, string Href)> Summary()
    {
        var links = new List<(string, string)>();
        links.AddRange(ErrorsFor(FormKey).Select(m => (m, "#skjema")));
        links.AddRange(ErrorsFor(FieldKey("title")).Select(m => (m, "#tittel")));
        links.AddRange(ErrorsFor(FieldKey("sections")).Select(m => (m, "#anbefalinger-liste")));
        for (var i = 0; i < Form.Sections.Count; i++)
        {
            links.AddRange(ErrorsFor(SectionKey(i, "title")).Select(m => (m, "#" + SectionId(i, "tittel"))));
            links.AddRange(ErrorsFor(SectionKey(i, "text")).Select(m => (m, "#" + SectionId(i, "tekst"))));
            links.AddRange(ErrorsFor(SectionKey(i, "reports")).Select(m => (m, "#" + SectionId(i, "rapporter"))));
            links.AddRange(ErrorsFor(SectionKey(i, "learning")).Select(m => (m, "#" + SectionId(i, "erfaringer"))));
        }

        return links;
    }

    /// The choices shown for one section: every published report (or shared entry), and any the
    /// section cites that is no longer public, still ticked, so saving names it instead of dropping it.
    public static IReadOnlyList<Choice> WithCited(IReadOnlyList<Choice> available, IEnumerable<Guid> cited, string gone) =>
        [.. available, .. cited.Where(id => available.All(c => c.Id != id)).Distinct().Select(id => new Choice(id, $"{gone} ({id})"))];

    public static string StatusText(RecommendationView v) => v.Revision == 0 ? PublicationTexts.Editor_NotWritten : v.Status switch
    {
        RecommendationStatus.Published => string.Format(CultureInfo.CurrentCulture, PublicationTexts.Editor_StatusPublished, Infrastructure.ShownTime.Date(v.PublishedAt ?? v.UpdatedAt), v.Revision),
        RecommendationStatus.Reviewed => string.Format(CultureInfo.CurrentCulture, PublicationTexts.Editor_StatusReviewed, v.Revision),
        _ => string.Format(CultureInfo.CurrentCulture, PublicationTexts.Editor_StatusDraft, v.Revision, Infrastructure.ShownTime.DateAndTime(v.UpdatedAt)),
    };
}
