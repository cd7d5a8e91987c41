using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Publication;

public enum LearningShareStep { MarkShareable, Publish, Withdraw }

/// A learning entry reaches the public theme page in two steps, and leaves it in one: its author
/// marks it shareable, an owner approves it for the public; the municipality (its coordinator, or
/// an owner) withdraws it. Each step is journaled like any other change.
public sealed record ShareLearning(Guid ProgrammeId, Guid LearningId, LearningShareStep Step) : ICommand<Result<LearningSharingView>>;

public sealed record LearningSharingView(Guid Id, Guid ProgrammeId, LearningSharing Sharing, DateTimeOffset? PublishedAt);

public sealed class ShareLearningHandler(ProsessDb db, ProgrammeRuntime runtime, Publisher publisher, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<ShareLearning, Result<LearningSharingView>>
{
    public async ValueTask<Result<LearningSharingView>> Handle(ShareLearning command, CancellationToken ct)
    {
        var found = await runtime.FindReadableAsync(command.ProgrammeId, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var programme = found.Value;
        var entry = await db.LearningEntries.SingleOrDefaultAsync(l => l.Id == command.LearningId && l.ProgrammeId == programme.Id, ct);
        if (entry is null)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(LearningTexts.Share_NotFound, command.LearningId));
        }

        var before = entry.Sharing;
        switch (command.Step)
        {
            case LearningShareStep.MarkShareable:
                if (entry.AuthorId != user.Id)
                {
                    return Error.Forbidden(LearningTexts.Share_OnlyAuthor);
                }

                if (entry.Sharing is LearningSharing.Shareable or LearningSharing.Public)
                {
                    return Error.Conflict(LearningTexts.Share_AlreadyShareable);
                }

                entry.Sharing = LearningSharing.Shareable;
                break;
            case LearningShareStep.Publish:
                if (!user.IsOwner)
                {
                    return Error.Forbidden(LearningTexts.Share_OnlyOwnerApproves);
                }

                if (entry.Sharing != LearningSharing.Shareable)
                {
                    return Error.Conflict(entry.Sharing == LearningSharing.Public
                        ? LearningTexts.Share_AlreadyPublished
                        : LearningTexts.Share_NotShareableYet);
                }

                entry.Sharing = LearningSharing.Public;
                entry.PublishedAt = clock.GetUtcNow();
                break;
            default:
                if (!user.CanChange(programme.ParticipantId))
                {
                    return Error.Forbidden(LearningTexts.Share_OnlyCoordinatorWithdraws);
                }

                if (entry.Sharing is not (LearningSharing.Shareable or LearningSharing.Public))
                {
                    return Error.Conflict(LearningTexts.Share_NotShared);
                }

                entry.Sharing = LearningSharing.Withdrawn;
                break;
        }

        var action = command.Step switch
        {
            LearningShareStep.MarkShareable => "learning-marked-shareable",
            LearningShareStep.Publish => "learning-published",
            _ => "learning-withdrawn",
        };
        journal.Record(programme.ParticipantId, programme.Id, action, $"learning:{entry.Id}", new { sharing = before }, new { sharing = entry.Sharing });
        if (before == LearningSharing.Public || entry.Sharing == LearningSharing.Public)
        {
            await publisher.BumpAsync(programme.DefinitionKey, ct);
        }

        return new LearningSharingView(entry.Id, programme.Id, entry.Sharing, entry.PublishedAt);
    }
}
