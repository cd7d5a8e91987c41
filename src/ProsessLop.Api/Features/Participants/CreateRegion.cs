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
        RuleFor(c => c.Name).NotEmpty().WithMessage("Navn må fylles ut.")
            .MaximumLength(200).WithMessage("Navn kan ha høyst 200 tegn.");
        RuleFor(c => c.MunicipalityNumbers).NotNull().WithMessage("Oppgi kommunene i regionen.")
            .Must(n => n is { Count: >= 2 }).WithMessage("En region må ha minst to kommuner.")
            .Must(n => n is null || n.Distinct().Count() == n.Count).WithMessage("Samme kommune er oppgitt flere ganger.");
        RuleForEach(c => c.MunicipalityNumbers).Matches("^[0-9]{4}$").WithMessage("Kommunenummer har fire sifre.");
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
            return Error.Invalid("municipalityNumbers", $"Ukjent kommunenummer: {string.Join(", ", unknown)}.");
        }

        var name = command.Name.Trim();
        if (await db.Regions.AnyAsync(r => r.Name == name, ct))
        {
            return Error.Conflict($"Det finnes allerede en region som heter «{name}».");
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
