using System.Globalization;
using System.Net;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Api.Features.Reminders;

/// The reminder sweep: for every open task and report whose deadline the definition's policy
/// reminds about today, tell the assignee and the participant's coordinators (by e-mail through
/// the outbox, and in the app), and on escalation the programme owner's organisations too.
public sealed record SendDueReminders : ICommand<ReminderRun>;

public sealed record ReminderRun(int Programmes, int Reminders, int Emails);

public sealed class SendDueRemindersHandler(
    ProsessDb db, DefinitionRegistry registry, EmailOutbox outbox, TimeProvider clock, IOptions<EmailOptions> email)
    : ICommandHandler<SendDueReminders, ReminderRun>
{
    public async ValueTask<ReminderRun> Handle(SendDueReminders command, CancellationToken ct)
    {
        var today = OsloTime.Today(clock);
        var lookahead = registry.All.Max(d => d.Definition.Reminders is { } r ? ReminderPlanner.Lookahead(r) : 0);
        // Only programmes with something due within the longest reminder horizon (or overdue):
        // an index range on earliest_open_due, not a scan of every programme.
        var horizon = today.AddDays(lookahead);
        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => p.Status == ProgrammeStatus.Active && p.EarliestOpenDue != null && p.EarliestOpenDue <= horizon)
            .ToListAsync(ct);
        var participantIds = programmes.Select(p => p.ParticipantId).Distinct().ToList();
        var contacts = await db.ContactPersons.AsNoTracking()
            .Where(c => participantIds.Contains(c.ParticipantId) && c.ErasedAt == null)
            .ToListAsync(ct);
        var programmeIds = programmes.Select(p => p.Id).ToList();
        var assignments = await db.TaskAssignments.AsNoTracking()
            .Where(a => programmeIds.Contains(a.ProgrammeId))
            .ToDictionaryAsync(a => (a.ProgrammeId, a.TaskKey), a => a.ContactPersonId, ct);

        int reminders = 0, emails = 0;
        foreach (var programme in programmes)
        {
            if (registry.Find(programme.DefinitionKey, programme.DefinitionVersion)?.Definition is not { Reminders: { } policy } definition)
            {
                continue;
            }

            var calendar = new WorkingDayCalendar(definition.Pauses);
            var coordinators = contacts.Where(c => c.ParticipantId == programme.ParticipantId && c.IsCoordinator).ToList();
            foreach (var item in OpenItems(programme, definition, today))
            {
                foreach (var occurrence in ReminderPlanner.DueOn(policy, item.Due, today, calendar))
                {
                    var recipients = new List<ContactPerson>(coordinators);
                    if (item.IsTask && assignments.TryGetValue((programme.Id, item.Key), out var assignee) && contacts.Find(c => c.Id == assignee) is { } person)
                    {
                        recipients.Add(person);
                    }

                    recipients = recipients.DistinctBy(c => c.Id).ToList();
                    var owners = occurrence.Kind == ReminderKind.Escalation
                        ? definition.Owners.SelectMany(o => email.Value.Organisations.GetValueOrDefault(o) ?? []).ToList()
                        : [];

                    // The stable key first: if another run has sent this occurrence, nothing more happens.
                    var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                        INSERT INTO reminder_deliveries (programme_id, item_key, rule_key, due, send_on, sent_at, recipients)
                        VALUES ({programme.Id}, {item.Key}, {occurrence.RuleKey}, {item.Due}, {occurrence.SendOn}, {clock.GetUtcNow()}, {recipients.Count + owners.Count})
                        ON CONFLICT DO NOTHING
                        """, ct);
                    if (claimed == 0)
                    {
                        continue;
                    }

                    reminders++;
                    var message = ReminderText.For(programme, item, occurrence, today, email.Value.BaseUrl);
                    var to = recipients.Select(c => c.Email).Concat(owners).ToList();
                    outbox.Enqueue(new EmailMessage(to, message.Subject, message.Html, message.Text));
                    emails += to.Count > 0 ? 1 : 0;
                    foreach (var recipient in recipients.Where(c => c.UserSubject is not null))
                    {
                        db.Notifications.Add(new Notification
                        {
                            Id = Guid.CreateVersion7(),
                            RecipientSubject = recipient.UserSubject!,
                            ProgrammeId = programme.Id,
                            Title = message.Subject,
                            Body = message.Text,
                            Link = message.Link,
                            CreatedAt = clock.GetUtcNow(),
                        });
                    }
                }
            }
        }

        return new ReminderRun(programmes.Count, reminders, emails);
    }

    /// The reminder candidates of the programme's agenda: every open deadline, optional tasks
    /// included; nothing waiting for the owner's review, retired or in a passed stage.
    private static IEnumerable<ReminderItem> OpenItems(Programme programme, ProgrammeDefinition definition, DateOnly today) =>
        Agenda.Of(definition, programme.State, today).ReminderCandidates
            .Select(i => new ReminderItem(i.Key, i.Name, i.Kind == AgendaKind.Task, i.Due));
}

public sealed record ReminderItem(string Key, string Name, bool IsTask, DateOnly Due);

/// The Norwegian texts of a reminder, as HTML with a plain-text part.
public static class ReminderText
{
    public sealed record Message(string Subject, string Html, string Text, string Link);

    public static Message For(Programme programme, ReminderItem item, ReminderOccurrence occurrence, DateOnly today, string baseUrl)
    {
        var what = item.IsTask ? "Oppgaven" : "Rapporten";
        var due = item.Due.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var late = today.DayNumber - item.Due.DayNumber;
        var (subject, lead) = occurrence.Kind switch
        {
            ReminderKind.Before => ($"Påminnelse: «{item.Name}» har frist {due}",
                $"{what} «{item.Name}» for {programme.ParticipantName} har frist {due} ({-occurrence.DaysFromDue} {Days(-occurrence.DaysFromDue)} igjen)."),
            ReminderKind.Escalation => ($"Eskalering: «{item.Name}» er {late} {Days(late)} på overtid ({programme.ParticipantName})",
                $"{what} «{item.Name}» for {programme.ParticipantName} hadde frist {due} og er {late} {Days(late)} på overtid. Programeier er varslet."),
            _ => ($"Frist passert: «{item.Name}» ({programme.ParticipantName})",
                $"{what} «{item.Name}» for {programme.ParticipantName} hadde frist {due} og er ikke fullført ({late} {Days(late)} siden)."),
        };
        var link = $"{baseUrl.TrimEnd('/')}/deltaker/{programme.Id}";
        var text = $"{lead}\n\nÅpne programmet: {link}\n\nDenne e-posten er sendt automatisk av ProsessLøp.";
        var html = $"""
            <!DOCTYPE html>
            <html lang="nb"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(subject)}</title></head>
            <body style="font-family: sans-serif; color: #1a1a1a;">
            <p>{WebUtility.HtmlEncode(lead)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Åpne programmet i ProsessLøp</a></p>
            <p style="color: #555;">Denne e-posten er sendt automatisk av ProsessLøp.</p>
            </body></html>
            """;
        return new Message(subject, html, text, link);
    }

    private static string Days(int n) => n == 1 ? "dag" : "dager";
}

/// The daily job: the sweep through the mediator, like any other command.
public sealed class ReminderJob(IMediator mediator)
{
    public const string RecurringId = "reminders";

    public async Task RunAsync(CancellationToken ct) => await mediator.Send(new SendDueReminders(), ct);
}
