using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// A comment on a task, a report or a stage of the programme.
public sealed record AddComment(Guid ProgrammeId, string Target, string Text, uint? ExpectedVersion = null) : ICommand<Result<CommentView>>, IProgrammeChange;

public sealed record CommentBody(string Target, string Text);

public sealed record CommentView(Guid Id, string Target, string AuthorName, string Text, DateTimeOffset At);

public sealed class AddCommentValidator : AbstractValidator<AddComment>
{
    public AddCommentValidator()
    {
        RuleFor(c => c.Target).NotEmpty().WithMessage(_ => ProgrammeTexts.Comment_Target);
        RuleFor(c => c.Text).NotEmpty().WithMessage(_ => ProgrammeTexts.Comment_Empty).MaximumLength(4000).WithMessage(_ => ProgrammeTexts.Comment_Length);
    }
}

public sealed class AddCommentHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<AddComment, Result<CommentView>>
{
    public async ValueTask<Result<CommentView>> Handle(AddComment command, CancellationToken ct) =>
        await runtime.ChangeAsync(command, ProgrammeWork.Comment, programme =>
        {
            var state = programme.State;
            if (state.Task(command.Target) is null && state.Report(command.Target) is null && state.Stage(command.Target) is null)
            {
                return Task.FromResult<Result<CommentView>>(Error.Invalid("target", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Comment_UnknownTarget, command.Target)));
            }

            var comment = new Comment
            {
                Id = Guid.CreateVersion7(),
                ProgrammeId = programme.Id,
                Target = command.Target,
                AuthorId = user.Id,
                AuthorName = user.Name,
                Text = command.Text.Trim(),
                At = clock.GetUtcNow(),
            };
            db.Comments.Add(comment);
            journal.Record(programme.ParticipantId, programme.Id, "comment-added", command.Target, null, new { commentId = comment.Id, text = comment.Text });
            return Task.FromResult<Result<CommentView>>(new CommentView(comment.Id, comment.Target, comment.AuthorName, comment.Text, comment.At));
        }, ct);
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Results<Created<CommentView>, ProblemHttpResult>> AddComment(
        Guid id, CommentBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(new AddComment(id, body.Target, body.Text, ETags.IfMatch(http)), ct))
            .Match(c => TypedResults.Created($"/api/programmes/{id}#comment-{c.Id}", c));
}
