using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// Coordinators write a report section by section, and attach links to films and documents,
/// while the report is a draft or has been returned.
public sealed record SaveReportSection(Guid ProgrammeId, string ReportKey, string SectionKey, string Text, uint? ExpectedVersion)
    : ICommand<Result<ReportDraftView>>, IProgrammeChange;

public sealed record AddReportAttachment(Guid ProgrammeId, string ReportKey, string Title, string Url, uint? ExpectedVersion)
    : ICommand<Result<ReportDraftView>>, IProgrammeChange;

public sealed record ReportDraftView(string ReportKey, IReadOnlyDictionary<string, string> Sections, IReadOnlyList<Attachment> Attachments, uint Version);

public sealed record SectionBody(string Text);

public sealed record AttachmentBody(string Title, string Url);

public sealed class SaveReportSectionValidator : AbstractValidator<SaveReportSection>
{
    public SaveReportSectionValidator() =>
        RuleFor(c => c.Text).NotNull().WithMessage(_ => ProgrammeTexts.Report_TextMissing).MaximumLength(50_000).WithMessage(_ => ProgrammeTexts.Report_SectionLength);
}

public sealed class AddReportAttachmentValidator : AbstractValidator<AddReportAttachment>
{
    public AddReportAttachmentValidator()
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage(_ => ProgrammeTexts.Report_AttachmentTitle).MaximumLength(200).WithMessage(_ => ProgrammeTexts.Report_AttachmentTitleLength);
        RuleFor(c => c.Url).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            .WithMessage(_ => ProgrammeTexts.Report_AttachmentUrl);
    }
}

/// The shared steps: the report must exist, be editable, and the caller must be allowed to change it.
public sealed class ReportDraftEditor(ProsessDb db, ProgrammeRuntime runtime, TimeProvider clock)
{
    public async Task<Result<(Programme Programme, ReportDraft Draft)>> OpenAsync(IProgrammeChange command, string reportKey, CancellationToken ct)
    {
        var found = await runtime.FindChangeableAsync(command, ProgrammeWork.ReportDraft, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var programme = found.Value;
        if (programme.State.Report(reportKey) is not { Retired: false } report)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Report_NotFound, reportKey));
        }

        if (report.Status is not (ReportStatus.Draft or ReportStatus.Returned))
        {
            return Error.Conflict(ProgrammeTexts.Report_Submitted);
        }

        var draft = await db.ReportDrafts.SingleOrDefaultAsync(d => d.ProgrammeId == programme.Id && d.ReportKey == reportKey, ct);
        if (draft is null)
        {
            draft = new ReportDraft { ProgrammeId = programme.Id, ReportKey = reportKey };
            db.ReportDrafts.Add(draft);
        }

        draft.UpdatedAt = clock.GetUtcNow();
        runtime.Touch(programme);
        return (programme, draft);
    }

    public async Task<ReportDraftView> SaveAsync(Programme programme, ReportDraft draft, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        return new ReportDraftView(draft.ReportKey, draft.Sections, draft.Attachments, programme.Version);
    }
}

public sealed class SaveReportSectionHandler(ReportDraftEditor editor, ProgrammeRuntime runtime, Journal.Journal journal)
    : ICommandHandler<SaveReportSection, Result<ReportDraftView>>
{
    public async ValueTask<Result<ReportDraftView>> Handle(SaveReportSection command, CancellationToken ct)
    {
        var opened = await editor.OpenAsync(command, command.ReportKey, ct);
        if (!opened.Succeeded)
        {
            return opened.Error;
        }

        var (programme, draft) = opened.Value;
        var reportKey = programme.State.Report(command.ReportKey)!.ReportKey;
        var sections = runtime.EngineFor(programme).Definition.Stages.SelectMany(s => s.Reports).First(r => r.Key == reportKey).Sections;
        if (sections.All(s => s.Key != command.SectionKey))
        {
            return Error.Invalid("sectionKey", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Report_NoSection, command.SectionKey, string.Join(", ", sections.Select(s => s.Key))));
        }

        var before = draft.Sections.GetValueOrDefault(command.SectionKey);
        draft.Sections = new Dictionary<string, string>(draft.Sections) { [command.SectionKey] = command.Text };
        journal.Record(programme.ParticipantId, programme.Id, "report-section-saved", $"{command.ReportKey}/{command.SectionKey}", new { text = before }, new { text = command.Text });
        return await editor.SaveAsync(programme, draft, ct);
    }
}

public sealed class AddReportAttachmentHandler(ReportDraftEditor editor, Journal.Journal journal)
    : ICommandHandler<AddReportAttachment, Result<ReportDraftView>>
{
    public async ValueTask<Result<ReportDraftView>> Handle(AddReportAttachment command, CancellationToken ct)
    {
        var opened = await editor.OpenAsync(command, command.ReportKey, ct);
        if (!opened.Succeeded)
        {
            return opened.Error;
        }

        var (programme, draft) = opened.Value;
        var attachment = new Attachment(command.Title.Trim(), command.Url);
        draft.Attachments = [.. draft.Attachments, attachment];
        journal.Record(programme.ParticipantId, programme.Id, "report-attachment-added", command.ReportKey, null, attachment);
        return await editor.SaveAsync(programme, draft, ct);
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Results<Ok<ReportDraftView>, ProblemHttpResult>> SaveReportSection(
        Guid id, string reportKey, string sectionKey, SectionBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(new SaveReportSection(id, reportKey, sectionKey, body.Text, ETags.IfMatch(http)), ct))
            .Match(draft => WithETag(http, draft.Version, TypedResults.Ok(draft)));

    public static async Task<Results<Ok<ReportDraftView>, ProblemHttpResult>> AddReportAttachment(
        Guid id, string reportKey, AttachmentBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(new AddReportAttachment(id, reportKey, body.Title, body.Url, ETags.IfMatch(http)), ct))
            .Match(draft => WithETag(http, draft.Version, TypedResults.Ok(draft)));
}
