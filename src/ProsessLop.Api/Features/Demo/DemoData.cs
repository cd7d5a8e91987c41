using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Deviations;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Risks;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// Seed the demo data set at start-up when the database has no programmes (Development).
    public bool Seed { get; set; }
}

/// The demo data set: the 16 pilot municipalities of Fremtidens kulturskole at different points
/// of their programme (two withdrawn, as in the pilot), and a regional KS network. Everything
/// is created through the same commands people use, so the journal tells the story too.
/// Contact persons are fictional and linked to the demo sign-in subjects of `token`.
public sealed class DemoData(IMediator mediator, ProsessDb db, DefinitionRegistry registry, TimeProvider clock, DemoRecommendations recommendations, ILogger<DemoData> logger)
{
    /// The pilot municipality whose whole programme the demo runs through, so the theme page
    /// (/tema/fremtidens-kulturskole) shows a final report with a film, as the pilot's did.
    public const string FinishedMunicipality = "3203";

    public const string PilotDefinition = "fremtidens-kulturskole";
    public const string NetworkDefinition = "ks-utviklingsnettverk";

    private static readonly (string Number, string Name)[] Pilot =
    [
        ("1122", "Gjesdal"), ("1525", "Stranda"), ("1804", "Bodø"), ("3203", "Asker"), ("3205", "Lillestrøm"), ("3218", "Ås"),
        ("3228", "Nes"), ("3427", "Tynset"), ("4001", "Porsgrunn"), ("4618", "Ullensvang"), ("4638", "Høyanger"), ("4647", "Sunnfjord"),
        ("5006", "Steinkjer"), ("5035", "Stjørdal"), ("5053", "Inderøy"), ("5524", "Målselv"),
    ];

    // The pilot said 16 admitted, 14 finished: two leave.
    private static readonly Dictionary<string, string> Withdrawn = new()
    {
        ["3427"] = "Kommunen har ikke kapasitet til å følge opp programmet dette året.",
        ["5524"] = "Kulturskolen er uten rektor, og kommunen velger å søke på nytt senere.",
    };

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Programmes.AnyAsync(ct))
        {
            return false;
        }

        var today = OsloTime.Today(clock);
        // The opening gathering on the Monday about 13 weeks ago: the cohort is mid-programme.
        var start = today.AddDays(-91 - ((int)today.DayOfWeek + 6) % 7);
        // The newest shipped version (v2: bokmål and nynorsk), as a programme started today gets:
        // a reader of nynorsk sees the demo's stages, tasks and reports in nynorsk.
        var definition = registry.Latest(PilotDefinition)
            ?? throw new InvalidOperationException($"Demo data needs {PilotDefinition} in workflows/.");

        for (var i = 0; i < Pilot.Length; i++)
        {
            var (number, name) = Pilot[i];
            var programme = await Ok(mediator.Send(new StartProgramme(PilotDefinition, definition.Version, ParticipantKind.Municipality, number, start), ct));
            var coordinator = await Ok(mediator.Send(new AddContact(number, $"Koordinator {name}", $"koordinator.{number}@demo.invalid", null, "Kulturskoleleder", true, $"demo-coordinator-{number}"), ct));
            var participant = await Ok(mediator.Send(new AddContact(number, $"Deltaker {name}", $"deltaker.{number}@demo.invalid", null, "Representant for skoleeier", false, $"demo-participant-{number}"), ct));
            await Ok(mediator.Send(new AssignTask(programme.Id, "forankre-politisk", participant.Id, null), ct));
            await Ok(mediator.Send(new AssignTask(programme.Id, "utpeke-kontaktperson", coordinator.Id, null), ct));

            // Four levels of progress, so the overview shows every colour: on track, at risk,
            // awaiting the owner's review, and late.
            if (number == FinishedMunicipality)
            {
                foreach (var stage in definition.Stages)
                {
                    await PassStageAsync(programme.Id, stage, ct, name);
                }

                await ShareAsync(await Ok(mediator.Send(new RecordLearning(programme.Id, "samskaping",
                    "Vi brukte dialogheftet i samskapingsmøter med elever, foreldre, lærere og frivillige.",
                    "Samskaping tar tid, men gir tiltak som flere eier. Elevene kom med de beste ideene.",
                    "Sett av tid til samskaping før dere bestemmer tiltakene, og inviter dem som sjelden blir spurt."), ct)), ct);
            }
            else if (i % 4 == 3)
            {
                await Act(programme.Id, ActionKind.CompleteTask, "utpeke-kontaktperson", ct);
                await Act(programme.Id, ActionKind.StartTask, "forankre-politisk", ct);
                await Ok(mediator.Send(new RecordDeviation(programme.Id, "Politisk behandling er utsatt", "Saken kom ikke med på kommunestyrets møte",
                    "Forankringen blir forsinket", "Ny behandling i neste møte", "Kommunedirektøren", today.AddDays(21)), ct));
            }
            else
            {
                await PassStageAsync(programme.Id, definition.Stages[0], ct, name);
                await PassStageAsync(programme.Id, definition.Stages[1], ct, name);
                await Act(programme.Id, ActionKind.CompleteTask, "gjennomfore-dialogmoter", ct);
                await Ok(mediator.Send(new SaveReportSection(programme.Id, "utviklingsplan", "utviklingsomrader",
                    $"{name} vil utvikle kulturskolen som ressurs for skole og barnehage.", null), ct));
                if (i % 4 == 0)
                {
                    await Act(programme.Id, ActionKind.StartTask, "velge-utviklingsomrader", ct);
                }
                else if (i % 4 == 2)
                {
                    await Act(programme.Id, ActionKind.CompleteTask, "velge-utviklingsomrader", ct);
                    await Act(programme.Id, ActionKind.SubmitReport, "utviklingsplan", ct);
                }
            }

            // A finished programme takes only learning; its risks are behind it.
            if (number != FinishedMunicipality)
            {
                await Ok(mediator.Send(new RecordRisk(programme.Id, "Kulturskolen mister nøkkelpersoner", 1 + i % 5, 2 + i % 4, "Dokumentere arbeidet løpende og dele oppgaver", "Kulturskoleleder"), ct));
            }

            if (i % 4 is 0 or 1)
            {
                var learning = await Ok(mediator.Send(new RecordLearning(programme.Id, "forankring",
                    "Vi inviterte politikere til en åpen kulturskolekveld før saken ble behandlet.",
                    "Politisk forankring gikk lettere når politikerne hadde sett elevene og lærerne i arbeid.",
                    "Start samarbeidet med politisk nivå tidlig, og vis fram det dere gjør."), ct));
                // Half of them are shared on the theme page; the rest stay inside.
                if (i % 4 == 0)
                {
                    await ShareAsync(learning, ct);
                }
            }

            if (Withdrawn.TryGetValue(number, out var reason))
            {
                await Act(programme.Id, ActionKind.WithdrawProgramme, "", ct, reason);
            }
        }

        await SeedNetworkAsync(start, ct);
        await recommendations.SeedAsync(PilotDefinition, ct);
        logger.LogInformation("Seeded demo data: {Count} pilot programmes and a regional network", Pilot.Length);
        return true;
    }

    private async Task SeedNetworkAsync(DateOnly start, CancellationToken ct)
    {
        var version = registry.Latest(NetworkDefinition)?.Version
            ?? throw new InvalidOperationException($"Demo data needs {NetworkDefinition} in workflows/.");
        var region = await Ok(mediator.Send(new CreateRegion("Kulturskolenettverk Innherred", ["5006", "5035", "5053"]), ct));
        var network = await Ok(mediator.Send(new StartProgramme(NetworkDefinition, version, ParticipantKind.Region, region.Id.ToString(), start.AddDays(14)), ct));
        await Act(network.Id, ActionKind.CompleteTask, "utpeke-kontaktperson", ct);
        await Act(network.Id, ActionKind.CompleteTask, "melde-pa-deltakere", ct);
        await Act(network.Id, ActionKind.CompleteStage, "forberedelse", ct);
        await Ok(mediator.Send(new StartProgramme(NetworkDefinition, version, ParticipantKind.Municipality, "1804", start.AddDays(14)), ct));
    }

    private async Task PassStageAsync(Guid programme, StageDefinition stage, CancellationToken ct, string name)
    {
        foreach (var task in stage.Gate.RequiredTasks)
        {
            await Act(programme, ActionKind.CompleteTask, task, ct);
        }

        foreach (var report in stage.Gate.ApprovedReports)
        {
            // Approved reports are published (every report of the pilot is public by default):
            // written out first, so the theme page has something to read.
            foreach (var section in stage.Reports.First(r => r.Key == report).Sections)
            {
                await Ok(mediator.Send(new SaveReportSection(programme, report, section.Key, DemoTexts.Section(name, report, section), null), ct));
            }

            if (DemoTexts.Film(name, report) is { } film)
            {
                await Ok(mediator.Send(new AddReportAttachment(programme, report, film.Title, film.Url, null), ct));
            }

            await Act(programme, ActionKind.SubmitReport, report, ct);
            await Act(programme, ActionKind.ApproveReport, report, ct);
        }

        if (stage.Gate.OwnerDecision)
        {
            await Act(programme, ActionKind.RecordOwnerDecision, stage.Key, ct, "Godkjent av programeier.");
        }

        await Act(programme, ActionKind.CompleteStage, stage.Key, ct);
    }

    private async Task ShareAsync(LearningView learning, CancellationToken ct)
    {
        await Ok(mediator.Send(new Publication.ShareLearning(learning.ProgrammeId, learning.Id, Publication.LearningShareStep.MarkShareable), ct));
        await Ok(mediator.Send(new Publication.ShareLearning(learning.ProgrammeId, learning.Id, Publication.LearningShareStep.Publish), ct));
    }

    private Task<ActionOutcome> Act(Guid programme, ActionKind kind, string target, CancellationToken ct, string? note = null) =>
        Ok(mediator.Send(new ActOnProgramme(programme, kind, target, note, null), ct));

    private static async Task<T> Ok<T>(ValueTask<Result<T>> sending)
    {
        var result = await sending;
        return result.Succeeded ? result.Value : throw new InvalidOperationException($"Demo data step failed: {result.Error.Detail}");
    }
}
