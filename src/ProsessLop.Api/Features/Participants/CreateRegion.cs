using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

/// A programme owner groups municipalities into a region that can take part as one participant.
public sealed record CreateRegion(string Name, IReadOnlyList<string> MunicipalityNumbers) : ICommand<Result<RegionView>>;

public sealed class CreateRegionValidator : AbstractValidator<CreateRegion>
{
    public CreateRegionValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage(_ => ProgrammeTexts.Region_Name)
            .MaximumLength(200).WithMessage(_ => ProgrammeTexts.Region_NameLength);
        RuleFor(c => c.MunicipalityNumbers).NotNull().WithMessage(_ => ProgrammeTexts.Region_Municipalities)
            .Must(n => n is { Count: >= 2 }).WithMessage(_ => ProgrammeTexts.Region_AtLeastTwo)
            .Must(n => n is null || n.Distinct().Count() == n.Count).WithMessage(_ => ProgrammeTexts.Region_Repeated);
        RuleForEach(c => c.MunicipalityNumbers).Matches("^[0-9]{4}$").WithMessage(_ => ProgrammeTexts.Region_MunicipalityNumber);
    }
}

public sealed class CreateRegionHandler(ProsessDb db, Journal.Journal journal, TimeProvider clock) : ICommandHandler<CreateRegion, Result<RegionView>>
{
    public async ValueTask<Result<RegionView>> Handle(CreateRegion command, CancellationToken ct)
    {
        var known = await db.Municipalities.Where(m => command.MunicipalityNumbers.Contains(m.Number))
            .Select(m => new RegionMunicipality(m.Number, m.Name, m.CountyName)).ToListAsync(ct);
        var unknown = command.MunicipalityNumbers.Except(known.Select(k => k.Number)).ToList();
        if (unknown.Count > 0)
        {
            return Error.Invalid("municipalityNumbers", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Region_Unknown, string.Join(", ", unknown)));
        }

        var name = command.Name.Trim();
        if (await db.Regions.AnyAsync(r => r.Name == name, ct))
        {
            return Error.Conflict(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Region_Exists, name));
        }

        var region = new Region
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            CreatedAt = clock.GetUtcNow(),
            Members = command.MunicipalityNumbers.Select(n => new RegionMember { MunicipalityNumber = n }).ToList(),
        };
        db.Regions.Add(region);
        journal.Record(region.Id.ToString(), null, "region-created", region.Id.ToString(), null,
            new { name = region.Name, municipalities = command.MunicipalityNumbers });
        return new RegionView(region.Id, region.Name, region.CreatedAt, known.OrderBy(k => k.Number).ToList());
    }
}

public sealed record RegionView(Guid Id, string Name, DateTimeOffset CreatedAt, IReadOnlyList<RegionMunicipality> Municipalities);

public sealed record RegionMunicipality(string Number, string Name, string CountyName);

public static partial class ParticipantEndpoints
{
    public static async Task<Results<Created<RegionView>, ProblemHttpResult>> CreateRegion(
        CreateRegion command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).Match(view => TypedResults.Created($"/api/regions/{view.Id}", view));
}
