using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.StatusReports;

public sealed class StatusReportTests(StatusReportApp app) : IClassFixture<StatusReportApp>, IAsyncLifetime
{
    private const string Definition = ProgrammeSteps.DefaultDefinition;

    private static readonly string[] CsvHeaders =
    [
        "Deltaker", "Kommunenummer/region", "Versjon", "Programstatus", "Fase", "Status", "Årsaker", "Neste frist", "Forfalte oppgaver",
        "Forfalte oppgaver (navn)", "Forsinkede rapporter", "Forsinkede rapporter (navn)", "Rapporter med frist (navn)", "Rapporter til vurdering", "Åpne avvik", "Største risikoer", "Nye erfaringer",
    ];

    private static StatusScenario? _scenario;
    private static Guid _first;
    private static Guid _second;

    // One scenario for the class: two compilations around a withdrawal, made once.
    public async Task InitializeAsync()
    {
        if (_scenario is not null)
        {
            return;
        }

        var scenario = await StatusScenario.ArrangeAsync(app);
        _first = await CompileAsync();
        await StatusScenario.WithdrawAsync(app, scenario.ToWithdraw);
        _second = await CompileAsync();
        _scenario = scenario;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private StatusScenario Scenario => _scenario!;

    private async Task<Guid> CompileAsync()
    {
        var response = await app.ClientAs(Roles.Owner).PostAsync($"/api/status-reports/{Definition}", null);
        var body = await response.JsonAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/status-reports/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    private static JsonElement Row(JsonElement report, Guid programme) =>
        report.GetProperty("content").GetProperty("programmes").EnumerateArray().Single(p => p.GetProperty("programmeId").GetGuid() == programme);

    [Fact]
    public async Task Compilation_MatchesEveryProgrammesState()
    {
        var steering = app.ClientAs(Roles.Steering);
        var owner = app.ClientAs(Roles.Owner);
        var report = await (await steering.GetAsync($"/api/status-reports/{_second}")).JsonAsync(HttpStatusCode.OK);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal([1], report.GetProperty("definitionVersions").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(4, report.GetProperty("content").GetProperty("programmes").GetArrayLength());

        foreach (var id in new[] { Scenario.NotStarted, Scenario.Late, Scenario.AwaitingReview, Scenario.ToWithdraw })
        {
            var detail = await owner.DetailAsync(id);
            var row = Row(report, id);
            Assert.Equal(detail.GetProperty("health").GetProperty("status").GetString(), row.GetProperty("health").GetString());
            Assert.Equal(detail.GetProperty("currentStage").GetString(), row.GetProperty("stageKey").GetString());
            Assert.Equal(detail.GetProperty("health").GetProperty("reasons").GetArrayLength(), row.GetProperty("reasons").GetArrayLength());

            var overdue = detail.GetProperty("stages").EnumerateArray()
                .Where(s => s.GetProperty("status").GetString() != "completed")
                .SelectMany(s => s.GetProperty("tasks").EnumerateArray())
                .Where(t => t.GetProperty("required").GetBoolean() && t.GetProperty("status").GetString() is "open" or "inProgress"
                    && DateOnly.Parse(t.GetProperty("due").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < today)
                .Select(t => t.GetProperty("key").GetString()).Order().ToList();
            var expectedOverdue = detail.GetProperty("status").GetString() == "active" ? overdue : [];
            Assert.Equal(expectedOverdue, row.GetProperty("overdueTasks").EnumerateArray().Select(t => t.GetProperty("key").GetString()).Order().ToList());
        }

        var late = Row(report, Scenario.Late);
        Assert.Equal("late", late.GetProperty("health").GetString());
        Assert.Contains(late.GetProperty("overdueTasks").EnumerateArray(), t => t.GetProperty("key").GetString() == "utpeke-kontaktperson");
        Assert.Contains(late.GetProperty("lateReports").EnumerateArray(), r => r.GetProperty("key").GetString() == "forankringsnotat");
        Assert.Equal(1, late.GetProperty("openDeviations").GetInt32());
        // «Neste frist» is the next deadline still ahead, not the overdue one shown beside it.
        var lateNext = DateOnly.Parse(late.GetProperty("nextDeadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(lateNext >= today, $"Neste frist {lateNext} for a late programme is before today {today}");
        Assert.Equal(["Høyest", "Høy", "Middels"], late.GetProperty("topRisks").EnumerateArray().Select(r => r.GetProperty("description").GetString()));

        var review = Row(report, Scenario.AwaitingReview);
        Assert.Equal(["forankringsnotat"], review.GetProperty("awaitingReview").EnumerateArray().Select(r => r.GetProperty("key").GetString()));
        Assert.Empty(review.GetProperty("overdueTasks").EnumerateArray());

        var withdrawn = Row(report, Scenario.ToWithdraw);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        Assert.True(withdrawn.GetProperty("withdrawn").GetBoolean());
        Assert.Equal("withdrawn", withdrawn.GetProperty("health").GetString());

        var notStarted = Row(report, Scenario.NotStarted);
        var earliest = (await owner.DetailAsync(Scenario.NotStarted)).GetProperty("stages")[0].GetProperty("tasks").EnumerateArray()
            .Min(t => t.GetProperty("due").GetString());
        Assert.Equal(earliest, notStarted.GetProperty("nextDeadline").GetString());

        var totals = report.GetProperty("content").GetProperty("totals");
        var rows = report.GetProperty("content").GetProperty("programmes").EnumerateArray().ToList();
        foreach (var health in totals.GetProperty("byHealth").EnumerateArray())
        {
            Assert.Equal(rows.Count(r => r.GetProperty("health").GetString() == health.GetProperty("key").GetString()), health.GetProperty("count").GetInt32());
        }

        Assert.Equal(1, totals.GetProperty("withdrawn").GetInt32());
        Assert.Equal(3, totals.GetProperty("active").GetInt32());
        Assert.Equal(1, totals.GetProperty("awaitingReview").GetInt32());
        Assert.Equal(rows.Sum(r => r.GetProperty("overdueTasks").GetArrayLength()), totals.GetProperty("overdueTasks").GetInt32());
        Assert.Equal(3, totals.GetProperty("byStage").EnumerateArray().Sum(s => s.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Snapshots_AreListedNewestFirst_AndComparedOverHttp()
    {
        var steering = app.ClientAs(Roles.Steering);
        var list = await (await steering.GetAsync($"/api/status-reports?definition={Definition}")).JsonAsync(HttpStatusCode.OK);
        var ids = list.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(_second) < ids.IndexOf(_first) && ids.IndexOf(_first) >= 0);
        Assert.Empty((await (await steering.GetAsync("/api/status-reports?definition=ks-utviklingsnettverk")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());

        var comparison = await (await steering.GetAsync($"/api/status-reports/{_second}/compare/{_first}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([Scenario.ToWithdraw], comparison.GetProperty("newlyWithdrawn").EnumerateArray().Select(p => p.GetProperty("programmeId").GetGuid()));
        var health = Assert.Single(comparison.GetProperty("healthChanges").EnumerateArray());
        Assert.Equal("withdrawn", health.GetProperty("to").GetString());
        Assert.Empty(comparison.GetProperty("stageMoves").EnumerateArray());

        // Snapshots are immutable: the first still shows the programme as active.
        var first = await (await steering.GetAsync($"/api/status-reports/{_first}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("active", Row(first, Scenario.ToWithdraw).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Csv_HasNorwegianHeaders_ABom_AndOneRowPerProgramme()
    {
        var response = await app.ClientAs(Roles.Steering).GetAsync($"/api/status-reports/{_second}/export.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        var lines = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(CsvHeaders, lines[0]);
        Assert.Equal(5, lines.Count);
        var bergen = lines.Single(l => l[1] == StatusScenario.LateMunicipality);
        Assert.Equal("Bergen", bergen[0]);
        Assert.Equal("Forsinket", bergen[5]);
        Assert.True(int.Parse(bergen[8], System.Globalization.CultureInfo.InvariantCulture) >= 5);
        Assert.Contains("Forankringsnotat", bergen[11], StringComparison.Ordinal);
        Assert.Equal("Trukket fra programmet", lines.Single(l => l[1] == StatusScenario.WithdrawMunicipality)[3]);
    }

    [Fact]
    public async Task Xlsx_OpensWithOpenXml_AndHoldsTheRows()
    {
        var response = await app.ClientAs(Roles.Owner).GetAsync($"/api/status-reports/{_second}/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!;
        var rows = sheet.Elements<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
        Assert.Equal(CsvHeaders, rows[0]);
        Assert.Equal(6, rows.Count); // header, four participants, the totals row
        Assert.Contains(rows, r => r[0] == "Oslo" && r[13] == "1");
        Assert.Equal("Sum", rows[^1][0]);
        Assert.Equal("Status", document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single().Name?.Value);
    }

    [Fact]
    public async Task EveryCompilation_MailsTheConfiguredRecipients_InTheSameTransaction()
    {
        var mails = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Subject.StartsWith("Statusrapport")).ToListAsync());
        var snapshots = await app.WithDbAsync(db => db.StatusSnapshots.CountAsync());
        Assert.Equal(snapshots, mails.Count);
        var link = $"{StatusReportApp.BaseUrl}/statusrapport/{_second}";
        var mail = mails.Single(m => m.Html.Contains(link, StringComparison.Ordinal));
        Assert.Equal(["leder@kulturskoleradet.test", "post@ks.test", "post@kulturskoleradet.test"], mail.To.Order());
        Assert.Contains("Bergen", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Forsinket", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Forsinket", mail.Text, StringComparison.Ordinal);
        Assert.Contains(link, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/", mail.Html + mail.Text, StringComparison.Ordinal);
        await BrowserLinks.AssertOpensAPageAsync(app, new Uri(link));
    }

    [Fact]
    public void RecurringJobs_FollowEachDefinitionsPolicy_InItsTimeZone()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs();
        var weekly = Assert.Single(jobs, j => j.Id == StatusCompilationJob.RecurringId("fremtidens-kulturskole"));
        Assert.Equal("0 7 * * 1", weekly.Cron);
        Assert.Equal("Europe/Oslo", weekly.TimeZoneId);
        var monthly = Assert.Single(jobs, j => j.Id == "status-compilation:ks-utviklingsnettverk");
        Assert.Equal("0 8 1 * *", monthly.Cron);
        Assert.Equal("Europe/Oslo", monthly.TimeZoneId);
    }

    [Fact]
    public async Task TheJob_CompilesAsTheSystem_ThroughTheSameCommand()
    {
        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<StatusCompilationJob>(j => j.RunAsync("ks-utviklingsnettverk", CancellationToken.None));
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? state = null;
        while (DateTime.UtcNow < deadline && state is not ("Succeeded" or "Failed"))
        {
            await Task.Delay(100);
            state = monitor.JobDetails(jobId)?.History.FirstOrDefault()?.StateName;
        }

        Assert.Equal("Succeeded", state);
        var snapshot = await app.WithDbAsync(db => db.StatusSnapshots.AsNoTracking().SingleAsync(s => s.DefinitionKey == "ks-utviklingsnettverk"));
        Assert.Equal("system", snapshot.CompiledBy);
        Assert.Empty(snapshot.Content.Programmes);
        var mail = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Html.Contains(snapshot.Id.ToString())));
        Assert.Equal(["post@ks.test"], mail.To);
    }

    [Fact]
    public async Task OnlyOwnersCompile_AndOnlyOwnersAndSteeringRead()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Steering).PostAsync($"/api/status-reports/{Definition}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, StatusScenario.LateMunicipality).GetAsync($"/api/status-reports/{_second}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Participant, StatusScenario.LateMunicipality).GetAsync($"/api/status-reports/{_second}/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Owner).PostAsync("/api/status-reports/finnes-ikke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Steering).GetAsync($"/api/status-reports/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/status-reports/{_second}")).StatusCode);
    }

    /// RFC 4180 with ';' as separator: quoted fields may hold separators, quotes and line breaks.
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
