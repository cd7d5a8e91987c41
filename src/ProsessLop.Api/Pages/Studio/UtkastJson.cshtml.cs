using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// The advanced view: the draft's whole JSON in a textarea, saved as the same next revision as
/// the forms save. Text that is not JSON is refused next to the textarea and nothing is saved;
/// JSON that the validator finds problems in is saved (a draft may be unfinished) and the
/// problems are listed with links to the forms where they are fixed.
public sealed class UtkastJsonModel(IMediator mediator, ICurrentUser user) : DraftPage(mediator, user)
{
    public const string JsonKey = "json";

    public override string Tab => "json";

    public string Text => Posted(JsonKey, Root?.ToJsonString(Written) ?? Draft.Definition.GetRawText())!;

    // Every problem is listed with a link to the form that fixes it.
    protected override IReadOnlyList<FieldSpec> Describe(JsonObject root) => [];

    protected override bool Owns(string pointer) => false;

    /// The schema the JSON follows, as a file to read or give an editor.
    public async Task<IActionResult> OnGetSchemaAsync(CancellationToken ct) =>
        await LoadDraftAsync(ct) ?? File(System.Text.Encoding.UTF8.GetBytes(ProsessLop.Workflow.Definitions.DefinitionValidator.SchemaText),
            "application/schema+json", "programme-definition.schema.json");

    /// Saves the textarea as it is (the forms' fields and buttons are not on this page).
    public override async Task<IActionResult> OnPostAsync(int revision, string? action, CancellationToken ct)
    {
        var json = Request.Form[JsonKey].ToString();
        if (await LoadDraftAsync(ct) is { } stop)
        {
            return stop;
        }

        if (Refusal(json) is { } refusal)
        {
            ModelState.AddModelError(JsonKey, refusal);
            return Page();
        }

        return await SaveAsync(json, revision, "", null, ct);
    }

    // Why the text cannot be saved as a definition, or null.
    private static string? Refusal(string json)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(json) > DefinitionEndpoints.MaxDefinitionBytes)
        {
            return F(StudioTexts.Json_TooLong, DefinitionEndpoints.MaxDefinitionBytes / 1024);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return StudioTexts.Json_NotAnObject;
            }

            return DefinitionEndpoints.NulAt(document.RootElement, "") is null ? null : StudioTexts.Json_Nul;
        }
        catch (JsonException e)
        {
            return F(StudioTexts.Json_Invalid, e.LineNumber + 1, e.BytePositionInLine + 1);
        }
    }
}
