using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Pipeline;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Learning;

/// A coordinator (or an owner) writes down what the municipality learned in a stage.
public sealed record RecordLearning([property: JsonIgnore] Guid ProgrammeId, string StageKey, string WhatWeTried, string WhatWeLearned, string? AdviceToOthers, [property: JsonIgnore] uint? ExpectedVersion = null)
    : ICommand<Result<LearningView>>, IProgrammeChange;

public sealed class RecordLearningValidator : AbstractValidator<RecordLearning>
{
    public RecordLearningValidator()
    {
        RuleFor(l => l.StageKey).RequiredText(() => LearningTexts.Learning_FieldStage, 100);
        RuleFor(l => l.WhatWeTried).RequiredText(() => LearningTexts.Learning_FieldTried, LearningLimits.Text);
        RuleFor(l => l.WhatWeLearned).RequiredText(() => LearningTexts.Learning_FieldLearned, LearningLimits.Text);
        RuleFor(l => l.AdviceToOthers).OptionalText(() => LearningTexts.Learning_FieldAdvice, LearningLimits.Text);
    }
}

public sealed class RecordLearningHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<RecordLearning, Result<LearningView>>
{
    public async ValueTask<Result<LearningView>> Handle(RecordLearning command, CancellationToken ct) =>
        await runtime.ChangeAsync(command, ProgrammeWork.Learning, programme =>
        {
            if (programme.State.Stage(command.StageKey) is null)
            {
                return Task.FromResult<Result<LearningView>>(Error.Invalid("stageKey", Workflow.Engine.Vocabulary.Format(LearningTexts.Learning_NoSuchStage, command.StageKey)));
            }

            var entry = new LearningEntry
            {
                Id = Guid.CreateVersion7(),
                ProgrammeId = programme.Id,
                StageKey = command.StageKey,
                WhatWeTried = command.WhatWeTried.Trim(),
                WhatWeLearned = command.WhatWeLearned.Trim(),
                AdviceToOthers = string.IsNullOrWhiteSpace(command.AdviceToOthers) ? null : command.AdviceToOthers.Trim(),
                AuthorId = user.Id,
                AuthorName = user.Name,
                CreatedAt = clock.GetUtcNow(),
            };
            db.LearningEntries.Add(entry);
            var view = new LearningView(entry.Id, entry.ProgrammeId, entry.StageKey, entry.WhatWeTried, entry.WhatWeLearned, entry.AdviceToOthers, entry.AuthorName, entry.CreatedAt);
            journal.Record(programme.ParticipantId, programme.Id, "learning-recorded", $"learning:{entry.Id}", null,
                new { entry.StageKey, entry.WhatWeTried, entry.WhatWeLearned, entry.AdviceToOthers });
            return Task.FromResult<Result<LearningView>>(view);
        }, ct);
}

public sealed record LearningView(
    Guid Id, Guid ProgrammeId, string StageKey, string WhatWeTried, string WhatWeLearned, string? AdviceToOthers, string AuthorName, DateTimeOffset CreatedAt);

public static partial class LearningEndpoints
{
    public static async Task<Results<Created<LearningView>, ProblemHttpResult>> RecordLearning(
        Guid id, RecordLearning command, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(command with { ProgrammeId = id, ExpectedVersion = Infrastructure.ETags.IfMatch(http) }, ct)).Match(view => TypedResults.Created($"/api/programmes/{id}/learning", view));
}
