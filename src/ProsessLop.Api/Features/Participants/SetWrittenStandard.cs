using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

/// A programme owner records a municipality's (or region's) decision on its written standard
/// (språklova § 11: nynorsk, bokmål or neutral). Its people read ProsessLøp in it unless they chose
/// for themselves; mails to its contacts follow it.
public sealed record SetWrittenStandard(string ParticipantId, WrittenStandard WrittenStandard) : ICommand<Result<WrittenStandardView>>;

public sealed record WrittenStandardView(string ParticipantId, WrittenStandard WrittenStandard);

/// The body of PUT …/written-standard.
public sealed record WrittenStandardBody(WrittenStandard WrittenStandard);

public sealed class SetWrittenStandardHandler(ProsessDb db, Journal.Journal journal) : ICommandHandler<SetWrittenStandard, Result<WrittenStandardView>>
{
    public async ValueTask<Result<WrittenStandardView>> Handle(SetWrittenStandard command, CancellationToken ct)
    {
        WrittenStandard before;
        if (Guid.TryParse(command.ParticipantId, out var regionId))
        {
            var region = await db.Regions.SingleOrDefaultAsync(r => r.Id == regionId, ct);
            if (region is null)
            {
                return Error.NotFound(ProgrammeTexts.Region_NotFound);
            }

            (before, region.WrittenStandard) = (region.WrittenStandard, command.WrittenStandard);
        }
        else
        {
            var municipality = await db.Municipalities.SingleOrDefaultAsync(m => m.Number == command.ParticipantId, ct);
            if (municipality is null)
            {
                return Error.NotFound(ProgrammeTexts.Municipality_NotFound);
            }

            (before, municipality.WrittenStandard) = (municipality.WrittenStandard, command.WrittenStandard);
        }

        if (before != command.WrittenStandard)
        {
            journal.Record(command.ParticipantId, null, "written-standard-set", command.ParticipantId, new { writtenStandard = before }, new { writtenStandard = command.WrittenStandard });
        }

        return new WrittenStandardView(command.ParticipantId, command.WrittenStandard);
    }
}

public static partial class ParticipantEndpoints
{
    public static async Task<Results<Ok<WrittenStandardView>, ProblemHttpResult>> SetMunicipalityWrittenStandard(
        string number, WrittenStandardBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetWrittenStandard(number, body.WrittenStandard), ct)).Match(TypedResults.Ok);

    public static async Task<Results<Ok<WrittenStandardView>, ProblemHttpResult>> SetRegionWrittenStandard(
        Guid id, WrittenStandardBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetWrittenStandard(id.ToString(), body.WrittenStandard), ct)).Match(TypedResults.Ok);
}
