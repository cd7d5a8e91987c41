using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Demo;

/// The demo's recommendations to KS and Norsk kulturskoleråd, in the words of the pilot's theme
/// page (samfunnsmål, begrunnelser for valg, nysgjerrighet, samskaping, uttesting og læring, the
/// knowledge used "for videre prosessarbeid i enkeltkommuner og regioner"), each citing what the
/// demo published. Written by the host and reviewed by the demo owner, as the four-eyes rule asks.
public sealed class DemoRecommendations(IMediator mediator, ProsessDb db, IHttpContextAccessor http)
{
    public const string Title = "Anbefalinger fra pilotprosjektet Fremtidens kulturskole";

    /// Title, text, and whether it cites the final reports and/or which stage's shared learning.
    private static readonly (string Title, string Text, bool Reports, string? LearningStage)[] Sections =
    [
        ("Gjør samfunnsmålene til utgangspunktet",
            "Kommunene bør begynne med hvilke samfunnsmål som er vesentlige for innretningen av kulturskolen, og hvordan tiltakene henger sammen med de politiske ambisjonene i kommunen.\n\n" +
            "KS og Norsk kulturskoleråd bør hjelpe kommunene med å knytte kulturskolen til planer for oppvekst, folkehelse og inkludering, ikke bare til kulturplanen.",
            true, null),
        ("Forankre arbeidet politisk og administrativt fra starten",
            "Pilotkommunene som inviterte politikere og ledere inn tidlig, fikk lettere gjennomslag for tiltakene. Begrunnelser for valg og prioriteringer bør være tydelige for alle som skal eie arbeidet.",
            false, "forankring"),
        ("Gi samskaping, uttesting og læring tid",
            "Samskaping tar tid, men gir tiltak som flere eier. Kommunene bør invitere mange inn til å påvirke og mene, også dem som sjelden blir spurt, og teste tiltakene i små skritt før de bestemmer seg.\n\n" +
            "KS og Norsk kulturskoleråd bør videreføre dialogheftet og utviklingsprogrammet som verktøy for lokalt samskapingsarbeid.",
            true, "samskaping"),
        ("Bruk kunnskapen videre i kommuner og regioner",
            "Erfaringene, rapportene og filmene fra pilotkommunene bør brukes i videre prosessarbeid i enkeltkommuner og regioner, for kulturskoler og andre virksomheter i kommunen i samspill. Regionale nettverk er en god måte å spre arbeidet på.",
            true, "samskaping"),
    ];

    public async Task SeedAsync(string definitionKey, CancellationToken ct)
    {
        var finalReports = await db.ReportPublications.Where(p => p.DefinitionKey == definitionKey && p.Status == PublicationStatus.Published && p.ReportKey == "sluttrapport")
            .Select(p => p.Id).ToListAsync(ct);
        var shared = await (from l in db.LearningEntries
                            join p in db.Programmes on l.ProgrammeId equals p.Id
                            where p.DefinitionKey == definitionKey && l.Sharing == LearningSharing.Public
                            orderby l.CreatedAt
                            select new { l.Id, l.StageKey }).ToListAsync(ct);
        var sections = Sections.Select(s => new RecommendationSection(s.Title, s.Text,
            s.Reports ? finalReports : [],
            [.. shared.Where(l => l.StageKey == s.LearningStage).Take(3).Select(l => l.Id)])).ToList();

        var saved = await Ok(mediator.Send(new SaveRecommendations(definitionKey, Title, sections, 0), ct));
        // A second owner reads and approves: the demo owner of /logg-inn, for this one command.
        var before = http.HttpContext;
        http.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ProsessClaims.Subject, "demo-owner"), new Claim(ProsessClaims.Name, "Programeier (KS)"), new Claim(ProsessClaims.Role, Roles.Owner)],
                "demo", ProsessClaims.Name, ProsessClaims.Role)),
        };
        try
        {
            await Ok(mediator.Send(new AdvanceRecommendations(definitionKey, RecommendationStep.Review, saved.Revision), ct));
        }
        finally
        {
            http.HttpContext = before;
        }

        await Ok(mediator.Send(new AdvanceRecommendations(definitionKey, RecommendationStep.Publish, saved.Revision), ct));
    }

    private static async Task<T> Ok<T>(ValueTask<Result<T>> sending)
    {
        var result = await sending;
        return result.Succeeded ? result.Value : throw new InvalidOperationException($"Demo data step failed: {result.Error.Detail}");
    }
}
