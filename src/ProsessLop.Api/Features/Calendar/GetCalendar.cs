using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Pages;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Calendar;

/// The iCalendar text behind a feed token: one all-day event per open deadline.
public sealed record GetCalendar(string Token) : IQuery<Result<string>>;

public sealed class GetCalendarHandler(ProsessDb db, ProgrammeRuntime runtime, IOptions<EmailOptions> email) : IQueryHandler<GetCalendar, Result<string>>
{
    private sealed record Deadline(Programme Programme, string Kind, string Key, string Name, string StageName, DateOnly Due, string Status);

    public async ValueTask<Result<string>> Handle(GetCalendar query, CancellationToken ct)
    {
        var hash = CalendarFeed.Hash(query.Token);
        var feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, ct);
        if (feed is null)
        {
            return Error.NotFound(CalendarTexts.Calendar_LinkGone);
        }

        // The feed's words in its owner's standard, whoever's calendar app asks (it sends no
        // cookie and no useful Accept-Language): the same answer for every subscriber.
        using var _ = WrittenStandards.Use(await ReaderAsync(feed, ct));
        List<Deadline> deadlines;
        string title;
        if (feed.Kind == CalendarFeedKind.Participant)
        {
            var programmes = await db.Programmes.AsNoTracking()
                .Where(p => p.ParticipantId == feed.ParticipantId && p.Status == ProgrammeStatus.Active)
                .ToListAsync(ct);
            deadlines = [.. programmes.SelectMany(p => Deadlines(p, null))];
            title = Vocabulary.Format(CalendarTexts.Calendar_ParticipantTitle, programmes.FirstOrDefault()?.ParticipantName ?? feed.ParticipantId);
        }
        else
        {
            var assigned = await db.TaskAssignments.AsNoTracking()
                .Where(a => db.ContactPersons.Any(c => c.Id == a.ContactPersonId && c.UserSubject == feed.Subject && c.ErasedAt == null))
                .Join(db.Programmes.Where(p => p.Status == ProgrammeStatus.Active), a => a.ProgrammeId, p => p.Id, (a, p) => new { a.TaskKey, Programme = p })
                .ToListAsync(ct);
            deadlines = [.. assigned.GroupBy(a => a.Programme.Id)
                .SelectMany(g => Deadlines(g.First().Programme, g.Select(a => a.TaskKey).ToHashSet(StringComparer.Ordinal)))];
            title = CalendarTexts.Calendar_PersonalTitle;
        }

        return Write(title, deadlines.OrderBy(d => d.Due).ThenBy(d => d.Programme.ParticipantName).ThenBy(d => d.Key, StringComparer.Ordinal), feed.Kind == CalendarFeedKind.Person);
    }

    /// A person's feed: their own choice, else their participants' decision. A participant's
    /// feed: the participant's decision, else the choice of whoever made the feed. Else bokmål.
    private async Task<CultureInfo> ReaderAsync(CalendarFeed feed, CancellationToken ct)
    {
        var person = feed.Kind == CalendarFeedKind.Person ? feed.Subject! : feed.CreatedBy;
        var chosen = await db.People.AsNoTracking().Where(p => p.Id == person).Select(p => p.WrittenStandard).SingleOrDefaultAsync(ct);
        if (chosen == WrittenStandard.Neutral)
        {
            chosen = null;
        }

        List<string> participants = feed.Kind == CalendarFeedKind.Participant
            ? [feed.ParticipantId!]
            : await db.Memberships.AsNoTracking().Where(m => m.PersonId == person && m.ScopeKind == ScopeKind.Participant).Select(m => m.ScopeId).ToListAsync(ct);
        var decided = WrittenStandards.OfParticipants((await WrittenStandards.DecisionsAsync(db, participants, ct)).Values);
        var standard = feed.Kind == CalendarFeedKind.Participant ? decided ?? chosen : chosen ?? decided;
        return WrittenStandards.CultureOf(standard ?? WrittenStandard.Bokmal);
    }

    /// The programme's agenda as calendar events: a participant's deadlines, or only the tasks
    /// assigned to a person.
    private IEnumerable<Deadline> Deadlines(Programme programme, HashSet<string>? onlyTasks) =>
        Agenda.Of(runtime.EngineFor(programme).Definition, programme.State, runtime.Today).Calendar(onlyTasks)
            .Select(i => new Deadline(programme, i.Kind == AgendaKind.Task ? "task" : "report", i.Key, i.Name, i.StageName, i.Due, Status(i)));

    private static string Status(AgendaItem item) => item switch
    {
        { Task: { } task } => PageTexts.Task(task.Status).ToLowerInvariant(),
        { Returned: true } => CalendarTexts.Calendar_Returned,
        _ => CalendarTexts.Calendar_NotSubmitted,
    };

    private string Write(string title, IEnumerable<Deadline> deadlines, bool personal)
    {
        var baseUrl = email.Value.BaseUrl;
        var ics = new ICalendarText()
            .Property("BEGIN", "VCALENDAR")
            .Property("VERSION", "2.0")
            .Property("PRODID", $"-//ProsessLøp//Frister//{WrittenStandards.Code(CultureInfo.CurrentUICulture).ToUpperInvariant()}")
            .Property("CALSCALE", "GREGORIAN")
            .Property("METHOD", "PUBLISH")
            .Text("X-WR-CALNAME", title)
            .Property("X-WR-TIMEZONE", OsloTime.ZoneId);
        foreach (var d in deadlines)
        {
            var p = d.Programme;
            // A person's own feed leads to the task where they work it; a participant's to the programme.
            var url = d.Kind == "task" && personal ? PageLinks.MyTask(baseUrl, p.Id, d.Key) : PageLinks.Programme(baseUrl, p.Id);
            var what = d.Kind == "task" ? CalendarTexts.Calendar_TaskIn : CalendarTexts.Calendar_ReportIn;
            // The UID stays the same while the deadline moves, so calendar apps update the event
            // instead of adding a new one; SEQUENCE and DTSTAMP move with every programme change.
            ics.Property("BEGIN", "VEVENT")
                .Text("UID", $"{p.Id}-{d.Kind}-{d.Key}@prosesslop")
                .Timestamp("DTSTAMP", p.UpdatedAt)
                .Timestamp("LAST-MODIFIED", p.UpdatedAt)
                .Property("SEQUENCE", Sequence(p).ToString(CultureInfo.InvariantCulture))
                .Date("DTSTART", d.Due)
                .Date("DTEND", d.Due.AddDays(1))
                .Text("SUMMARY", Vocabulary.Format(CalendarTexts.Calendar_Summary, d.Name, p.ParticipantName))
                .Text("DESCRIPTION", $"{Vocabulary.Format(what, d.StageName, p.ParticipantName, d.Status)}\n{Vocabulary.Format(CalendarTexts.Calendar_Due, Infrastructure.ShownTime.Date(d.Due))}\n{url}")
                .Property("URL", url)
                .Property("TRANSP", "TRANSPARENT")
                .Property("END", "VEVENT");
        }

        return ics.Property("END", "VCALENDAR").ToString();
    }

    // Seconds since the programme was created: grows with every change, fits an int for decades.
    private static int Sequence(Programme p) => (int)Math.Clamp((p.UpdatedAt - p.CreatedAt).TotalSeconds, 0, int.MaxValue);
}
