using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.People;

namespace ProsessLop.Api.Tests.Language;

/// The people pages (sign-in, no access, invitation, /meg, /tilgang, /laering, the learning part
/// of /min-kommune) rendered by the host for a nynorsk reader — by the browser's language, or by
/// the municipality's decision — read nynorsk with no bokmål counterpart and no resource key left;
/// the same pages still read bokmål for a bokmål reader. Field errors from the commands' validators
/// follow the reader too.
public sealed class PeoplePagesNynorskTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private static readonly Regex KeyName = new(@"\b[A-Z][A-Za-z]+_[A-Z]\w+\b", RegexOptions.CultureInvariant);

    /// Every key of the texts' resource files, to be sure none is shown in place of its text.
    private static readonly HashSet<string> Keys = Directory
        .GetFiles(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "src/ProsessLop.Api/Texts"), "*.resx")
        .Where(f => !f.EndsWith(".nn.resx", StringComparison.Ordinal))
        .SelectMany(f => XDocument.Load(f).Root!.Elements("data").Select(d => (string)d.Attribute("name")!))
        .ToHashSet(StringComparer.Ordinal);

    private static HttpClient Reads(HttpClient client, string language)
    {
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<string> PageAsync(HttpClient client, string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// The words a person reads: the page without its markup, scripts and styles.
    private static string Words(string html) =>
        WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, @"<(script|style)[^>]*>.*?</\1>", " ", RegexOptions.Singleline), "<[^>]+>", " "));

    private static void AssertNynorsk(string html, string[] nynorsk, string[] bokmal)
    {
        Assert.Contains("<html lang=\"nn\"", html);
        Assert.All(nynorsk, phrase => Assert.Contains(phrase, html));
        Assert.All(bokmal, phrase => Assert.DoesNotContain(phrase, html));
        var words = Words(html);
        Assert.Empty(KeyName.Matches(words).Select(m => m.Value));
        Assert.DoesNotContain(Keys, k => words.Contains(k, StringComparison.Ordinal));
    }

    private static void AssertBokmal(string html, string[] bokmal, string[] nynorsk)
    {
        Assert.Contains("<html lang=\"nb\"", html);
        Assert.All(bokmal, phrase => Assert.Contains(phrase, html));
        Assert.All(nynorsk, phrase => Assert.DoesNotContain(phrase, html));
        Assert.Empty(KeyName.Matches(Words(html)).Select(m => m.Value));
    }

    [Fact]
    public async Task The_sign_in_page_reads_nynorsk_for_a_nynorsk_browser_and_bokmal_for_a_bokmal_one()
    {
        var nn = await PageAsync(Reads(app.CreateClient(), "nn-NO"), "/logg-inn");
        AssertNynorsk(nn,
            ["Utviklingsinnlogging: vel ein demobrukar.", "Kven vil du logge inn som?", "Programeigar (KS)", "Ser og gjer alt: godkjenner rapportar, tek avgjerder.", "Medlem av styringsgruppa"],
            ["velg en demobruker", "Hvem vil du logge inn som?", "Programeier (KS)", "Ser og gjør alt", "Medlem av styringsgruppen"]);
        Assert.Empty(TextResourceTests.BokmalIn(Between(Words(nn), "Logg inn", "Logg inn med")));

        var nb = await PageAsync(Reads(app.CreateClient(), "nb-NO"), "/logg-inn");
        AssertBokmal(nb, ["Hvem vil du logge inn som?", "Programeier (KS)", "Medlem av styringsgruppen"], ["Kven vil du logge inn som?", "Programeigar (KS)"]);
    }

    [Fact]
    public async Task The_access_pages_and_meg_read_nynorsk_and_a_field_error_on_them_is_nynorsk_too()
    {
        var owner = Reads(await app.SignedInToPagesAsync(), "nn-NO");
        AssertNynorsk(await PageAsync(owner, "/tilgang"),
            ["Roller blir gitt ved invitasjon per deltakar.", "Inviter ein programeigar eller eit medlem av ei styringsgruppe", "Programeigar for", "Styringsgruppa for", "Søk etter personar", "Namn eller e-post"],
            ["Roller gis ved invitasjon", "Inviter en programeier", "Programeier for", "Styringsgruppen for", "Søk etter personer", "Navn eller e-post"]);

        AssertNynorsk(await PageAsync(owner, "/tilgang/3201"),
            ["Personar med tilgang", "Opne invitasjonar", "Inviter ein person", "Personen får ein e-post med ei lenkje som gjeld i 14 dagar og kan brukast éin gong."],
            ["Personer med tilgang", "Åpne invitasjoner", "Inviter en person", "en lenke som gjelder i 14 dager"]);

        // A field error from the command's validator, shown next to the field in the reader's standard.
        var fields = new Dictionary<string, string>
        {
            ["name"] = "Bjørn", ["email"] = "ikkje-ei-adresse", ["role"] = "coordinator",
            ["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(owner, "/tilgang/3201"),
        };
        var refused = WebUtility.HtmlDecode(await (await owner.PostAsync("/tilgang/3201?handler=Invite", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync());
        AssertNynorsk(refused, ["Oppgi ei gyldig e-postadresse."], ["Oppgi en gyldig e-postadresse."]);
        Assert.Contains("aria-invalid=\"true\"", refused);

        AssertNynorsk(await PageAsync(owner, "/meg"),
            ["Innlogga med", "demoinnlogging", "Demobrukaren har rolla frå demoinnlogginga: programeigar."],
            ["Innlogget med", "Demobrukeren har rollen", "programeier."]);

        var nb = await PageAsync(Reads(owner, "nb-NO"), "/tilgang");
        AssertBokmal(nb, ["Roller gis ved invitasjon per deltaker.", "Søk etter personer"], ["Roller blir gitt", "Søk etter personar"]);
    }

    [Fact]
    public async Task The_no_access_and_error_pages_read_nynorsk()
    {
        var owner = Reads(await app.SignedInToPagesAsync(), "nn-NO");
        var noAccess = await PageAsync(owner, "/ingen-tilgang", HttpStatusCode.Forbidden);
        AssertNynorsk(noAccess, ["Du har ikkje tilgang til denne sida med rolla du er logga inn med.", "Til framsida"], ["Du har ikke tilgang", "Til forsiden"]);

        // A browser's navigation: the error page, not the problem document.
        owner.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var missing = await PageAsync(owner, "/tilgang/9999", HttpStatusCode.NotFound);
        Assert.Contains("lang=\"nn\"", missing);
        Assert.Contains("Fann ikkje sida", missing);
        Assert.DoesNotContain("Fant ikke siden", missing);
    }

    [Fact]
    public async Task An_invitation_link_reads_nynorsk_for_a_nynorsk_browser()
    {
        const string token = "nynorsk-invitasjon-token-0123456789abcdefghijkl";
        await app.WithDbAsync(async db =>
        {
            db.Invitations.Add(new Invitation
            {
                Id = Guid.CreateVersion7(), Email = "nils@ullensvang.test", Name = "Nils Nynorsk", Role = Roles.Coordinator, ScopeKind = ScopeKind.Participant, ScopeId = "4618",
                TokenHash = Secrets.Hash(token), InvitedBy = "test", CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(14),
            });
            return await db.SaveChangesAsync();
        });

        var nn = await PageAsync(Reads(app.CreateClient(), "nn"), $"/invitasjon/{token}");
        AssertNynorsk(nn, ["Nils Nynorsk er invitert som", "kommunekoordinator", "Inga innlogging er sett opp på denne tenesta enno. Kontakt programeigaren."],
            ["Ingen innlogging er satt opp", "Kontakt programeier."]);
        Assert.Empty(TextResourceTests.BokmalIn(Between(Words(nn), "Invitasjon til ProsessLøp", "programeigaren.")));

        var nb = await PageAsync(Reads(app.CreateClient(), "nb"), $"/invitasjon/{token}");
        AssertBokmal(nb, ["Ingen innlogging er satt opp på denne tjenesten ennå."], ["Inga innlogging"]);
    }

    [Fact]
    public async Task The_learning_page_reads_nynorsk()
    {
        var owner = await app.SignedInToPagesAsync();
        AssertNynorsk(await PageAsync(Reads(owner, "nn-NO"), "/laering"),
            ["Erfaringar frå kommunane", "Søk i erfaringar", "Bruk hermeteikn for uttrykk", "Nyaste erfaringar ("],
            ["Erfaringer fra kommunene", "Søk i erfaringer", "Bruk anførselstegn", "Nyeste erfaringer"]);
        AssertNynorsk(await PageAsync(owner, "/laering?q=finst%20ikkje%20xyzzy"), ["0 treff for «finst ikkje xyzzy»", "Ingen erfaringar passa til søket."], ["Ingen erfaringer passet"]);

        AssertBokmal(await PageAsync(Reads(owner, "nb-NO"), "/laering"), ["Erfaringer fra kommunene", "Nyeste erfaringer ("], ["Erfaringar frå kommunane"]);
    }

    [Fact]
    public async Task The_learning_section_of_min_kommune_reads_nynorsk_for_a_nynorsk_municipality_and_so_do_its_messages()
    {
        await app.WithDbAsync(db => db.Municipalities.Where(m => m.Number == "4640")
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.WrittenStandard, WrittenStandard.Nynorsk))); // Sogndal
        var programme = await app.StartAsync("4640", TestProgrammes.Start);
        var subject = "demo-koordinator-4640";
        await app.WithDbAsync(async db =>
        {
            db.ContactPersons.Add(new ContactPerson
            {
                Id = Guid.CreateVersion7(), ParticipantId = "4640", Name = "Koordinator Sogndal", Email = "koordinator@4640.test",
                GroupRole = "Kulturskuleleiar", IsCoordinator = true, UserSubject = subject, CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var entry = (await (await app.ClientFor(subject, Roles.Coordinator, "4640").PostAsJsonAsync($"/api/programmes/{programme}/learning",
            new { stageKey = "forankring", whatWeTried = "Open kulturskulekveld", whatWeLearned = "Politikarane kom når elevane spelte" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // The browser asks for bokmål: the municipality's decision wins for a person without a choice.
        var coordinator = Reads(await app.SignedInToPagesAsync(subject), "nb-NO");
        AssertNynorsk(await PageAsync(coordinator, "/min-kommune"),
            ["Erfaringar på temasida", "Ikkje delt.", "Merk som delbar"],
            ["Erfaringer på temasiden", "Ikke delt."]);

        var token = await PageClients.AntiforgeryTokenAsync(coordinator, "/min-kommune");
        var marked = WebUtility.HtmlDecode(await (await coordinator.PostAsync("/min-kommune?handler=ShareLearning", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["programmeId"] = programme.ToString(), ["learningId"] = entry.ToString(), ["__RequestVerificationToken"] = token,
        }))).Content.ReadAsStringAsync());
        AssertNynorsk(marked, ["Erfaringa er merkt som delbar. Ho blir publisert når programeigaren har godkjent ho.", "Merkt som delbar, ventar på godkjenning frå programeigaren."],
            ["Erfaringen er merket som delbar.", "venter på godkjenning fra programeier"]);

        // A deviation without description or owner: the shared field rules, in nynorsk.
        var refused = WebUtility.HtmlDecode(await (await coordinator.PostAsync("/min-kommune?handler=Deviation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["programmeId"] = programme.ToString(), ["description"] = "", ["owner"] = "", ["deadline"] = "2027-05-01",
            ["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(coordinator, "/min-kommune"),
        }))).Content.ReadAsStringAsync());
        AssertNynorsk(refused, ["Skildring må fyllast ut.", "Ansvarleg må fyllast ut."], ["Beskrivelse må fylles ut.", "Ansvarlig må fylles ut."]);
    }

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"«{from}» not found");
        var end = text.IndexOf(to, start + from.Length, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..(end + to.Length)];
    }
}
