using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Definitions;

public static partial class DefinitionEndpoints
{
    public static IEndpointRouteBuilder MapDefinitions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/definitions").WithTags("Definitions").RequireAuthorization(Policies.Reader);
        group.MapGet("/", ListDefinitions).WithName(nameof(ListDefinitions));
        group.MapGet("/{key}/versions/{version:int}", GetDefinition).WithName(nameof(GetDefinition));
        group.MapGet("/{key}/versions/{version:int}/diagram", GetDefinitionDiagram).WithName(nameof(GetDefinitionDiagram))
            .Produces<string>(StatusCodes.Status200OK, "text/vnd.mermaid");
        group.MapGet("/{key}/versions/{version:int}/file", GetDefinitionFile).WithName(nameof(GetDefinitionFile))
            .Produces<ProgrammeDefinition>(StatusCodes.Status200OK, "application/json");
        group.MapPost("/validate", ValidateDefinition).WithName(nameof(ValidateDefinition))
            .Accepts<ProgrammeDefinition>("application/json")
            .RequireAuthorization(Policies.Owner);

        // The programme studio: drafts and publishing are for owners only.
        var drafts = app.MapGroup("/api/definitions/drafts").WithTags("Definitions").RequireAuthorization(Policies.Owner);
        drafts.MapGet("/", ListDrafts).WithName(nameof(ListDrafts));
        drafts.MapPost("/", StartDraft).WithName(nameof(StartDraft));
        drafts.MapPost("/upload", UploadDraft).WithName(nameof(UploadDraft)).Accepts<ProgrammeDefinition>("application/json");
        drafts.MapGet("/{id:guid}", GetDraft).WithName(nameof(GetDraft));
        drafts.MapDelete("/{id:guid}", DeleteDraft).WithName(nameof(DeleteDraft));
        drafts.MapPut("/{id:guid}", SaveDraft).WithName(nameof(SaveDraft)).Accepts<ProgrammeDefinition>("application/json");
        drafts.MapGet("/{id:guid}/revisions/{number:int}", GetDraftRevision).WithName(nameof(GetDraftRevision));
        drafts.MapGet("/{id:guid}/diff", DiffDraft).WithName(nameof(DiffDraft));
        drafts.MapPost("/{id:guid}/publish", PublishDraft).WithName(nameof(PublishDraft));
        drafts.MapGet("/{id:guid}/impact", GetDraftImpact).WithName(nameof(GetDraftImpact));
        drafts.MapPost("/{id:guid}/approve", ApproveDraft).WithName(nameof(ApproveDraft));
        group.MapPost("/{key}/versions/{version:int}/migrate", MigrateVersion).WithName(nameof(MigrateVersion))
            .RequireAuthorization(Policies.Owner);
        return app;
    }

    /// The published version as a file (application/json, saved as `{key}-v{version}.json`).
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDefinitionFile(string key, int version, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDefinitionFile(key, version), ct))
            .Match(text => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text), "application/json", FileName(key, version)));

    /// What a downloaded version is saved as.
    public static string FileName(string key, int version) => $"{key}-v{version}.json";

    public static async Task<Ok<IReadOnlyList<DraftSummary>>> ListDrafts(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListDrafts(), ct));

    /// `{ key, name?, basedOnVersion?, owners? }`: a new version of a published one, or a new definition.
    public static async Task<Results<Created<DraftView>, ProblemHttpResult>> StartDraft(StartDraft command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).Match(Created);

    /// The body is a definition file (JSON), kept as sent; it need not be valid yet.
    public static async Task<Results<Created<DraftView>, ProblemHttpResult>> UploadDraft(HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var (json, refused) = await ReadDefinitionAsync(request, ct);
        return refused ?? (Results<Created<DraftView>, ProblemHttpResult>)(await mediator.Send(new UploadDraft(json!), ct)).Match(Created);
    }

    /// The draft; its ETag is its revision, for If-Match on the next save.
    public static async Task<Results<Ok<DraftView>, ProblemHttpResult>> GetDraft(Guid id, HttpContext context, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDraft(id), ct)).Match(d => TypedResults.Ok(WithETag(context, d)));

    /// The whole definition JSON as the draft's next revision; the answer says what the validator thinks of it now.
    /// `If-Match: "<revision>"` (the ETag of the read it was made from) refuses a save over a later one with 412.
    public static async Task<Results<Ok<DraftView>, ProblemHttpResult>> SaveDraft(Guid id, HttpContext context, IMediator mediator, CancellationToken ct)
    {
        if (!TryReadIfMatch(context.Request, out var expected))
        {
            return TypedResults.Problem(StudioTexts.Refusal_IfMatchDraft,
                statusCode: StatusCodes.Status412PreconditionFailed, title: ProblemTexts.Problem_Stale);
        }

        var (json, refused) = await ReadDefinitionAsync(context.Request, ct);
        return refused ?? (Results<Ok<DraftView>, ProblemHttpResult>)(await mediator.Send(new SaveDraft(id, json!, expected), ct))
            .Match(d => TypedResults.Ok(WithETag(context, d)));
    }

    private static DraftView WithETag(HttpContext context, DraftView draft)
    {
        context.Response.Headers.ETag = $"\"{draft.Revision}\"";
        return draft;
    }

    // No If-Match (or "*"): save whatever is stored. Otherwise the one revision the change was
    // made from; a list or anything that is not a revision can match nothing.
    private static bool TryReadIfMatch(HttpRequest request, out int? revision)
    {
        revision = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            revision = number;
            return true;
        }

        return false;
    }

    /// 204; 409 for a published draft (the record of its version).
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraft(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DeleteDraft(id), ct)).Match(_ => TypedResults.NoContent());

    public static async Task<Results<Ok<DraftRevisionView>, ProblemHttpResult>> GetDraftRevision(Guid id, int number, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDraftRevision(id, number), ct)).Match(r => TypedResults.Ok(r));

    public static async Task<Results<Ok<DraftDiff>, ProblemHttpResult>> DiffDraft(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DiffDraft(id), ct)).Match(d => TypedResults.Ok(d));

    /// 201 with the new version; 422 with every problem (JSON Pointer and message) when the draft is not valid.
    public static async Task<Results<Created<PublishedVersionView>, ProblemHttpResult>> PublishDraft(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PublishDraft(id), ct)).Match(p => TypedResults.Created($"/api/definitions/{p.Key}/versions/{p.Version}", p));

    /// What publishing the draft would do to the programmes running on older versions (a dry run; nothing changes).
    public static async Task<Results<Ok<DraftImpact>, ProblemHttpResult>> GetDraftImpact(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDraftImpact(id), ct)).Match(i => TypedResults.Ok(i));

    /// `{ revision, note? }`: a second owner approves the revision they read (the four-eyes rule).
    public static async Task<Results<Ok<DraftApprovalView>, ProblemHttpResult>> ApproveDraft(Guid id, ApproveBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ApproveDraft(id, body.Revision, body.Note), ct)).Match(a => TypedResults.Ok(a));

    /// `{ programmeIds: [...] | all: true, apply }`: each programme migrated (or planned) on its own; the answer lists every outcome.
    public static async Task<Results<Ok<BulkMigrationResult>, ProblemHttpResult>> MigrateVersion(string key, int version, MigrateVersionBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new MigrateVersion(key, version, body.ProgrammeIds, body.All, body.Apply), ct)).Match(r => TypedResults.Ok(r));

    private static Created<DraftView> Created(DraftView draft) => TypedResults.Created($"/api/definitions/drafts/{draft.Id}", draft);
}
