using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using netDumbster.smtp;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Reminders;

namespace ProsessLop.Api.Tests.Language;

/// Which standard a person reads — their own choice, else their participant's decision, else the
/// browser — through the host's own sign-in resolution and localization middleware on real
/// PostgreSQL; and mails in the recipient's standard, never the sender's, through real SMTP.
public sealed class WrittenStandardTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    private async Task SetAsync(string municipality, WrittenStandard standard) =>
        await app.WithDbAsync(db => db.Municipalities.Where(m => m.Number == municipality)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.WrittenStandard, standard)));

    private async Task<string> PersonAsync(string id, string municipality, WrittenStandard? choice)
    {
        TestPeople.Ensure(app.ConnectionString, id, id, Roles.Coordinator, [municipality]);
        await app.WithDbAsync(db => db.People.Where(p => p.Id == id).ExecuteUpdateAsync(p => p.SetProperty(x => x.WrittenStandard, choice)));
        return id;
    }

    /// The culture the host's request pipeline picks for this sign-in (a page cookie of a person,
    /// or nobody), browser language and language cookie: SignInResolution as on every request,
    /// then the RequestLocalizationMiddleware with the host's options.
    private async Task<string> PageCultureAsync(string? personId, string? acceptLanguage, string? cookie = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = new ClaimsPrincipal(new ClaimsIdentity());
        if (personId is not null)
        {
            var signIn = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ProsessClaims.Subject, personId)], AuthSetup.CookieKind, ProsessClaims.Name, ProsessClaims.Role));
            user = await services.GetRequiredService<IClaimsTransformation>().TransformAsync(signIn);
        }

        var http = new DefaultHttpContext { RequestServices = services, User = user };
        if (acceptLanguage is not null)
        {
            http.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        if (cookie is not null)
        {
            http.Request.Headers.Cookie = $"{WrittenStandards.Cookie}={cookie}";
        }

        string? seen = null;
        var middleware = new RequestLocalizationMiddleware(_ =>
        {
            seen = CultureInfo.CurrentUICulture.Name;
            Assert.Equal(seen, CultureInfo.CurrentCulture.Name); // dates and numbers follow the words
            return Task.CompletedTask;
        }, services.GetRequiredService<IOptions<RequestLocalizationOptions>>(), services.GetRequiredService<ILoggerFactory>());
        await middleware.Invoke(http);
        return seen!;
    }

    [Fact]
    public async Task The_person_s_choice_wins_then_the_participant_s_decision_then_the_browser()
    {
        await SetAsync("4618", WrittenStandard.Nynorsk);   // Ullensvang
        await SetAsync("1804", WrittenStandard.Bokmal);    // Bodø
        // 3203 Asker: neutral.

        // 1. Their own choice, against the participant and the browser.
        Assert.Equal("nn-NO", await PageCultureAsync(await PersonAsync("valde-nynorsk", "1804", WrittenStandard.Nynorsk), "nb-NO"));
        Assert.Equal("nb-NO", await PageCultureAsync(await PersonAsync("valde-bokmal", "4618", WrittenStandard.Bokmal), "nn-NO"));

        // 2. No choice: the participant's decision, against the browser.
        Assert.Equal("nn-NO", await PageCultureAsync(await PersonAsync("ullensvang", "4618", null), "nb-NO,nb;q=0.9"));
        Assert.Equal("nb-NO", await PageCultureAsync(await PersonAsync("bodo", "1804", null), "nn-NO"));

        // 3. A neutral participant: the browser decides, bokmål when it names neither.
        var asker = await PersonAsync("asker", "3203", null);
        Assert.Equal("nn-NO", await PageCultureAsync(asker, "nn"));
        Assert.Equal("nn-NO", await PageCultureAsync(asker, "en-GB,nn-NO;q=0.8,nb;q=0.5"));
        Assert.Equal("nb-NO", await PageCultureAsync(asker, "no"));
        Assert.Equal("nb-NO", await PageCultureAsync(asker, "nb-NO"));
        Assert.Equal("nb-NO", await PageCultureAsync(asker, "en-US"));
        Assert.Equal("nb-NO", await PageCultureAsync(asker, null));

        // A person's language cookie is not their choice (the saved one is): no cookie overrides the participant.
        Assert.Equal("nn-NO", await PageCultureAsync(await PersonAsync("ullensvang", "4618", null), "nb-NO", cookie: "nb"));

        // Someone not signed in: the cookie, then the browser.
        Assert.Equal("nn-NO", await PageCultureAsync(null, "nb-NO", cookie: "nn"));
        Assert.Equal("nb-NO", await PageCultureAsync(null, "nn-NO", cookie: "nb"));
        Assert.Equal("nn-NO", await PageCultureAsync(null, "nn-NO"));
        Assert.Equal("nb-NO", await PageCultureAsync(null, null));
    }

    private sealed class Someone(string id) : ICurrentUser
    {
        public string Id => id;
        public string Name => id;
        public bool IsOwner => false;
        public bool IsSteering => false;
        public bool IsCoordinator => true;
        public bool IsParticipant => false;
        public IReadOnlyCollection<string> Participants => [];
        public IReadOnlyCollection<string> Coordinates => [];
        public IReadOnlyCollection<string> Organisations => [];
        public bool ViaAccessToken => false;
    }

    [Fact]
    public async Task A_person_s_click_is_saved_with_them_and_wins_from_the_next_request()
    {
        await SetAsync("4647", WrittenStandard.Nynorsk); // Sunnfjord
        var person = await PersonAsync("sunnfjord-bokmal", "4647", null);
        Assert.Equal("nn-NO", await PageCultureAsync(person, "nn-NO"));

        // What the header's button posts (/malform) sends for a signed-in person.
        var saved = await app.WithDbAsync(async db =>
        {
            var chosen = await new Features.People.ChooseWrittenStandardHandler(db, new Someone(person)).Handle(new Features.People.ChooseWrittenStandard(WrittenStandard.Bokmal), default);
            return chosen;
        });

        Assert.True(saved);
        Assert.Equal(WrittenStandard.Bokmal, await app.WithDbAsync(db => db.People.Where(p => p.Id == person).Select(p => p.WrittenStandard).SingleAsync()));
        Assert.Equal("nb-NO", await PageCultureAsync(person, "nn-NO"));
    }

    [Fact]
    public async Task A_reminder_to_the_coordinator_of_a_nynorsk_municipality_is_nynorsk_and_the_owners_copy_bokmal()
    {
        await SetAsync("4638", WrittenStandard.Nynorsk); // Høyanger
        await app.ProgrammeWithPeopleAsync("4638");
        // The assignee is a person here who chose bokmål: her choice wins over the municipality's.
        TestPeople.Ensure(app.ConnectionString, "ola-4638", "Ola Oppgave", Roles.Participant, ["4638"]);
        await app.WithDbAsync(db => db.People.Where(p => p.Id == "ola-4638")
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.Email, "ola.4638@kommune.test").SetProperty(x => x.WrittenStandard, WrittenStandard.Bokmal)));

        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        app.MorningOf(new DateOnly(2027, 3, 16)); // 14 days before 30 March
        await app.SendAsync<ReminderRun>(new SendDueReminders());
        app.MorningOf(new DateOnly(2027, 4, 7)); // 8 days late: escalated to the owners
        await app.SendAsync<ReminderRun>(new SendDueReminders());
        await app.SendAsync<RelayResult>(new RelayOutbox());
        var received = smtp.ReceivedEmail.Select(EmailDeliveryTests.Parse).ToList();

        var coordinator = received.Where(m => m.To.Mailboxes.Any(a => a.Address == "kari.4638@kommune.test")).ToList();
        Assert.NotEmpty(coordinator);
        // One mail or a digest, as the sweep groups it: the line about this task, in nynorsk.
        var before = Assert.Single(coordinator, m => (m.TextBody ?? "").Contains("«Forankre deltakelsen politisk» for Høyanger har frist", StringComparison.Ordinal));
        Assert.StartsWith("Påminning", before.Subject, StringComparison.Ordinal);
        Assert.Contains("Oppgåva «Forankre deltakelsen politisk» for Høyanger har frist 30.03.2027 (14 dagar att, 7 arbeidsdagar).", before.TextBody);
        Assert.Contains("Opne programmet:", before.TextBody);
        Assert.Contains("Denne e-posten er sendt automatisk av ProsessLøp.", before.TextBody);
        Assert.Contains("<html lang=\"nn\">", before.HtmlBody);
        Assert.All(coordinator, m => Assert.Empty(TextResourceTests.BokmalIn(OwnWords(m.TextBody))));

        var assignee = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == "ola.4638@kommune.test") && (m.Subject ?? "").StartsWith("Påminnelse: ", StringComparison.Ordinal));
        Assert.Contains("Oppgaven «Forankre deltakelsen politisk» for Høyanger har frist 30.03.2027 (14 dager igjen, 7 arbeidsdager).", assignee.TextBody);
        Assert.Contains("<html lang=\"nb\">", assignee.HtmlBody);

        // The owners' address (no person here): bokmål, every mail of both sweeps.
        var owners = received.Where(m => m.To.Mailboxes.Any(a => a.Address == "programeier@ks.example") && (m.TextBody ?? "").Contains("for Høyanger", StringComparison.Ordinal)).ToList();
        Assert.Contains(owners, m => (m.TextBody ?? "").Contains("Oppgaven «Forankre deltakelsen politisk» for Høyanger hadde frist 30.03.2027 og er 8 dager på overtid. Programeier er varslet.", StringComparison.Ordinal));
        Assert.All(owners, m => Assert.Contains("Åpne programmet:", m.TextBody));
        Assert.All(owners, m => Assert.Contains("<html lang=\"nb\">", m.HtmlBody));

        // The in-app notification of the coordinator (a person: kari-4638) is nynorsk too.
        var notes = await app.WithDbAsync(db => db.Notifications.Where(n => n.RecipientSubject == "kari-4638").Select(n => n.Title).ToListAsync());
        Assert.Contains("Påminning: «Forankre deltakelsen politisk» har frist 30.03.2027", notes);
    }

    [Fact]
    public async Task Owners_record_a_municipality_s_decision_and_it_is_journaled()
    {
        var owner = app.ClientAs(Roles.Owner);
        var set = await owner.PutAsJsonAsync("/api/municipalities/1515/written-standard", new { writtenStandard = "nynorsk" });
        Assert.Equal(System.Net.HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(WrittenStandard.Nynorsk, await app.WithDbAsync(db => db.Municipalities.Where(m => m.Number == "1515").Select(m => m.WrittenStandard).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.JournalEntries.AnyAsync(j => j.Action == "written-standard-set" && j.Target == "1515")));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync("/api/municipalities/1515/written-standard", new { writtenStandard = "samisk" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await owner.PutAsJsonAsync("/api/municipalities/9999/written-standard", new { writtenStandard = "bokmal" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "1515").PutAsJsonAsync("/api/municipalities/1515/written-standard", new { writtenStandard = "bokmal" })).StatusCode);
    }

    // The mail's own words: names in «» come from the definition (v1: bokmål only), and links
    // are addresses, not words (/deltaker/…).
    private static string OwnWords(string? text) =>
        System.Text.RegularExpressions.Regex.Replace(text ?? "", @"«[^»]*»|https?://\S+", "");
}
