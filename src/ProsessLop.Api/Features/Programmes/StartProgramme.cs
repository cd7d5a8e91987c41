using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// A programme owner admits a participant: the engine makes the schedule from the definition
/// version and the start date (week 0, the opening gathering).
public sealed record StartProgramme(string DefinitionKey, int DefinitionVersion, ParticipantKind ParticipantKind, string ParticipantId, DateOnly StartDate)
    : ICommand<Result<ProgrammeCreated>>;

public sealed record ProgrammeCreated(Guid Id, string ParticipantName, string CurrentStage);

public sealed class StartProgrammeValidator : AbstractValidator<StartProgramme>
{
    public StartProgrammeValidator()
    {
        RuleFor(c => c.DefinitionKey).NotEmpty().WithMessage(_ => ProgrammeTexts.Start_Definition);
        RuleFor(c => c.DefinitionVersion).GreaterThan(0).WithMessage(_ => ProgrammeTexts.Start_Version);
        RuleFor(c => c.ParticipantKind).IsInEnum().WithMessage(_ => ProgrammeTexts.Start_ParticipantKind);
        RuleFor(c => c.ParticipantId).NotEmpty().WithMessage(_ => ProgrammeTexts.Start_Participant);
        RuleFor(c => c.StartDate).Must(d => d.Year is >= 2020 and <= 2100).WithMessage(_ => ProgrammeTexts.Start_Date);
    }
}

public sealed class StartProgrammeHandler(ProsessDb db, DefinitionRegistry registry, ProgrammeRuntime runtime, Journal.Journal journal, Publication.Publisher publisher, TimeProvider clock)
    : ICommandHandler<StartProgramme, Result<ProgrammeCreated>>
{
    public async ValueTask<Result<ProgrammeCreated>> Handle(StartProgramme command, CancellationToken ct)
    {
        if (await registry.FindOrLoadAsync(command.DefinitionKey, command.DefinitionVersion, db, ct) is not { } loaded)
        {
            return Error.Invalid("definitionKey", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Start_NoDefinition, command.DefinitionKey, command.DefinitionVersion));
        }

        var definition = loaded.Definition;
        if (!definition.Accepts(command.ParticipantKind))
        {
            return Error.Invalid("participantKind", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Start_WrongKind, definition.Name, command.ParticipantKind));
        }

        var participant = await FindParticipantAsync(command.ParticipantKind, command.ParticipantId, ct);
        if (participant is null)
        {
            return Error.Invalid("participantId", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Start_NoParticipant, command.ParticipantId));
        }

        if (await db.Programmes.AnyAsync(p => p.ParticipantId == participant.Value.Participant.Id && p.DefinitionKey == definition.Key && p.Status == ProgrammeStatus.Active, ct))
        {
            return Error.Conflict(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Start_AlreadyActive, participant.Value.Participant.Name, definition.Name));
        }

        var schedule = ProgrammeScheduler.Create(definition, participant.Value.Participant, command.StartDate);
        var now = clock.GetUtcNow();
        var programme = new Programme
        {
            Id = Guid.CreateVersion7(),
            DefinitionKey = definition.Key,
            DefinitionVersion = definition.Version,
            ParticipantKind = command.ParticipantKind,
            ParticipantId = participant.Value.Participant.Id,
            ParticipantName = participant.Value.Participant.Name,
            CountyNumbers = participant.Value.Counties,
            StartDate = command.StartDate,
            State = ProgrammeState.Start(schedule),
            CreatedAt = now,
        };
        runtime.Refresh(programme, runtime.EngineFor(programme));
        db.Programmes.Add(programme);
        journal.Record(programme.ParticipantId, programme.Id, "programme-started", definition.Key,
            null, new { definition = definition.Key, version = definition.Version, startDate = command.StartDate });
        // The theme page lists the participants: a new one makes its cached copies stale.
        await publisher.BumpAsync(definition.Key, ct);
        return new ProgrammeCreated(programme.Id, programme.ParticipantName, programme.CurrentStageKey);
    }

    private async Task<(Participant Participant, List<string> Counties)?> FindParticipantAsync(ParticipantKind kind, string id, CancellationToken ct)
    {
        if (kind == ParticipantKind.Municipality)
        {
            var m = await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Number == id, ct);
            return m is null ? null : (new Participant(kind, m.Number, m.Name, [m.Number]), [m.CountyNumber]);
        }

        if (!Guid.TryParse(id, out var regionId))
        {
            return null;
        }

        var region = await db.Regions.AsNoTracking().Include(r => r.Members).SingleOrDefaultAsync(r => r.Id == regionId, ct);
        if (region is null)
        {
            return null;
        }

        var numbers = region.Members.Select(m => m.MunicipalityNumber).Order().ToList();
        var counties = await db.Municipalities.Where(m => numbers.Contains(m.Number)).Select(m => m.CountyNumber).Distinct().ToListAsync(ct);
        return (new Participant(kind, region.Id.ToString(), region.Name, numbers), counties);
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Results<Created<ProgrammeCreated>, ProblemHttpResult>> StartProgramme(
        StartProgramme command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).Match(p => TypedResults.Created($"/api/programmes/{p.Id}", p));
}
