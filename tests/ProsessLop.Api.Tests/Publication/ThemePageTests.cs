using System.Net;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Publication;

/// The public theme page, its report and participant pages, the Atom feed and the open data: for
/// anyone, without sign-in, with nothing personal in them.
public sealed class ThemePageTests(ThemePageTests.ThemeApp app) : IClassFixture<ThemePageTests.ThemeApp>
{
    private const string Key = ProgrammeSteps.DefaultDefinition;
    private const string Theme = "/tema/" + Key;

    /// One seeded world per class: Asker with a published report and film and shared learning,
    /// personal data everywhere around it.
    public sealed class ThemeApp : ProsessApp
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private World? _world;

        public async Task<World> WorldAsync()
        {
            await _gate.WaitAsync();
            try
            {
                return _world ??= await SeedAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task<World> SeedAsync()
        {
            // Personal data: a contact with e-mail and phone, an assignee, a comment, a return
            // comment, a learning author with a real-looking name.
            var owner = ClientAs(Roles.Owner);
            var contact = await (await owner.PostAsJsonAsync("/api/participants/3203/contacts",
                new { name = "Kari Kontaktperson", email = "kari.kontakt@asker.test", phone = "+47 912 34 567", groupRole = "Kulturskoleleder", isCoordinator = true })).JsonAsync(HttpStatusCode.Created);
            var programme = await this.StartAsync("3203", TestProgrammes.Start);
            (await owner.PutAsJsonAsync($"/api/programmes/{programme}/tasks/forankre-politisk/assignee", new { contactPersonId = contact.GetProperty("id").GetGuid() })).EnsureSuccessStatusCode();
            (await owner.PostAsJsonAsync($"/api/programmes/{programme}/comments", new { target = "forankring", text = "Hemmelig kommentar om Ola Omtalt" })).EnsureSuccessStatusCode();

            TestPeople.Ensure(ConnectionString, "gunnhild-forfatter", "Gunnhild Forfattersen", Roles.Coordinator, ["3203"]);
            var author = ClientForPerson("gunnhild-forfatter");
            (await author.PutAsJsonAsync($"/api/programmes/{programme}/reports/{PublicationTests.Report}/sections/forankring", new { text = "Kommunestyret i Asker vedtok å delta." })).EnsureSuccessStatusCode();
            (await author.PostAsJsonAsync($"/api/programmes/{programme}/reports/{PublicationTests.Report}/attachments", new { title = "Film: kulturskolen i Asker", url = "https://video.example.org/asker" })).EnsureSuccessStatusCode();
            (await author.PostAsync($"/api/programmes/{programme}/reports/{PublicationTests.Report}/submit", null)).EnsureSuccessStatusCode();
            (await owner.PostAsJsonAsync($"/api/programmes/{programme}/reports/{PublicationTests.Report}/return", new { note = "Returnert: mangler underskrift fra Per Returnertsen" })).EnsureSuccessStatusCode();
            (await author.PostAsync($"/api/programmes/{programme}/reports/{PublicationTests.Report}/submit", null)).EnsureSuccessStatusCode();
            (await owner.PostAsync($"/api/programmes/{programme}/reports/{PublicationTests.Report}/approve", null)).EnsureSuccessStatusCode();

            var shared = await LearnAsync(author, programme, "Vi prøvde samskaping med elevrådet", "Samskapingen ga nye ideer");
            (await author.PostAsync($"/api/programmes/{programme}/learning/{shared}/shareable", null)).EnsureSuccessStatusCode();
            (await owner.PostAsync($"/api/programmes/{programme}/learning/{shared}/publish", null)).EnsureSuccessStatusCode();
            var unshared = await LearnAsync(author, programme, "Intern evaluering av ledermøtet", "Bare for oss selv");

            // Another municipality that has published nothing yet, and one withdrawn without anything public.
            await this.StartAsync("1804", TestProgrammes.Start);
            var withdrawn = await this.StartAsync("5524", TestProgrammes.Start);
            (await owner.PostAsJsonAsync($"/api/programmes/{withdrawn}/withdraw", new { note = "Trekker seg" })).EnsureSuccessStatusCode();

            var report = await WithDbAsync(db => db.ReportPublications.Where(p => p.ProgrammeId == programme).Select(p => p.Id).SingleAsync());

            // The owners' recommendations, citing the report and the shared learning; a second owner reviews.
            (await owner.PutAsJsonAsync("/api/definitions/fremtidens-kulturskole/recommendations", new
            {
                title = "Anbefalinger fra piloten",
                sections = new[] { new { title = "Gi samskaping tid", text = "Kommunene bør sette av tid til samskaping med elevene.", reports = new[] { report }, learning = new[] { shared } } },
            })).EnsureSuccessStatusCode();
            (await ClientFor("test-owner-2", Roles.Owner).PostAsync("/api/definitions/fremtidens-kulturskole/recommendations/review", null)).EnsureSuccessStatusCode();
            (await owner.PostAsync("/api/definitions/fremtidens-kulturskole/recommendations/publish", null)).EnsureSuccessStatusCode();
            return new World(programme, report, shared, unshared);
        }

        private static async Task<Guid> LearnAsync(HttpClient client, Guid programme, string tried, string learned) =>
            (await (await client.PostAsJsonAsync($"/api/programmes/{programme}/learning", new { stageKey = "samskaping", whatWeTried = tried, whatWeLearned = learned, adviceToOthers = "Ta med elevene" }))
                .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimit:PublicPerMinute", "1000");
        }
    }

    public sealed record World(Guid Programme, Guid Report, Guid SharedLearning, Guid UnsharedLearning);

    private static string[] PublicRoutes(World w) =>
    [
        Theme, $"{Theme}?q=samskaping", $"{Theme}?q=ledermøtet", $"{Theme}?fase=samskaping", $"{Theme}/deltaker/3203", $"{Theme}/deltaker/1804",
        $"{Theme}/rapport/{w.Report}", $"{Theme}/anbefalinger", $"{Theme}/anbefalinger?last-ned=1", $"{Theme}/feed.atom", $"{Theme}/data.json", $"{Theme}/data.csv",
        // The same in nynorsk: names and titles come from other sources there (the definition's nynorsk).
        $"{Theme}?malform=nn", $"{Theme}?malform=nn&q=samskaping", $"{Theme}/deltaker/3203?malform=nn", $"{Theme}/rapport/{w.Report}?malform=nn",
        $"{Theme}/anbefalinger?malform=nn", $"{Theme}/anbefalinger.html?malform=nn", $"{Theme}/feed.atom?malform=nn", $"{Theme}/data.json?malform=nn",
    ];

    [Fact]
    public async Task AnonymousVisitor_FindsTheProgramme_TheParticipantsByCounty_ThePublishedReportAndFilm_AndSharedLearning()
    {
        var w = await app.WorldAsync();
        var anonymous = app.CreateClient();

        var page = await anonymous.GetAsync(Theme);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Fremtidens kulturskole", html);
        Assert.Contains("Samskaping og dialogsamlinger", html);
        Assert.Contains("kulturskolens funksjon, oppgave og rolle", html);
        Assert.Contains("<h3>Akershus</h3>", html);
        Assert.Contains("href=\"/tema/fremtidens-kulturskole/deltaker/3203\">Asker</a>", html);
        Assert.Contains("Bodø", html);
        Assert.DoesNotContain("Målselv", html);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains($"/tema/fremtidens-kulturskole/rapport/{w.Report}", html);
        Assert.Contains("Samskapingen ga nye ideer", html);
        Assert.DoesNotContain("Intern evaluering av ledermøtet", html);

        var participant = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"{Theme}/deltaker/3203"));
        Assert.Contains("Forankringsnotat og deltakeravtale", participant);
        Assert.Contains("Film: <a href=\"https://video.example.org/asker\"", participant);

        var report = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"{Theme}/rapport/{w.Report}"));
        Assert.Contains("Kommunestyret i Asker vedtok å delta.", report);
        Assert.Contains("Film: kulturskolen i Asker", report);

        // The same Norwegian search as /laering: an inflected form finds the entry, unshared ones never.
        var search = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"{Theme}?q=samskapingen"));
        Assert.Contains("1 treff", search);
        Assert.Contains("Samskapingen ga nye ideer", search);
        Assert.Contains("0 treff", await anonymous.GetStringAsync($"{Theme}?q=ledermøtet"));
    }

    [Fact]
    public async Task NothingPersonal_AppearsInAnyPublicResponse()
    {
        var w = await app.WorldAsync();
        // The seed really holds the personal data the public side must leave out.
        Assert.Equal("Gunnhild Forfattersen", await app.WithDbAsync(db => db.LearningEntries.Where(l => l.Id == w.SharedLearning).Select(l => l.AuthorName).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.JournalEntries.AnyAsync(j => j.ActorName == "Gunnhild Forfattersen")));
        Assert.True(await app.WithDbAsync(db => db.Comments.AnyAsync(c => c.Text.Contains("Ola Omtalt"))));
        string[] personal =
        [
            "Kari Kontaktperson", "kari.kontakt@asker.test", "912 34 567", "+4791234567", "Ola Omtalt", "Hemmelig kommentar", "Per Returnertsen", "mangler underskrift",
            "Gunnhild", "Forfattersen", "gunnhild-forfatter", "Test owner", "Test coordinator", "test-owner", "@test.invalid", "@demo.invalid", "Trekker seg",
        ];

        var anonymous = app.CreateClient();
        foreach (var route in PublicRoutes(w))
        {
            var response = await anonymous.GetAsync(route);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode}");
            Assert.True(body.Length > 200, $"{route} answered almost nothing");
            foreach (var secret in personal)
            {
                Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{route} shows «{secret}»");
            }
        }

        // The recommendations as a PDF, read back as the text drawn on its pages.
        var pdf = await anonymous.GetAsync($"{Theme}/anbefalinger.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(await pdf.Content.ReadAsByteArrayAsync()), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var text = RecommendationEditorTests.PdfText(document);
        Assert.True(text.Length > 200, "the PDF holds almost no text");
        Assert.All(personal, secret => Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"the PDF shows «{secret}»"));
    }

    [Fact]
    public async Task AtomFeed_ParsesBack_WithTheReportAndTheLearning()
    {
        var w = await app.WorldAsync();
        var response = await app.CreateClient().GetAsync($"{Theme}/feed.atom");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var feed = SyndicationFeed.Load(reader);

        Assert.Contains("Fremtidens kulturskole", feed.Title.Text);
        Assert.Contains("NLOD", feed.Copyright.Text);
        var report = Assert.Single(feed.Items, i => i.Id == $"urn:uuid:{w.Report}");
        Assert.Equal($"http://localhost/tema/fremtidens-kulturskole/rapport/{w.Report}", Assert.Single(report.Links).Uri.ToString());
        Assert.Contains("Asker", report.Title.Text);
        Assert.Single(feed.Items, i => i.Id == $"urn:uuid:{w.SharedLearning}");
        Assert.DoesNotContain(feed.Items, i => i.Id == $"urn:uuid:{w.UnsharedLearning}");
    }

    [Fact]
    public async Task OpenData_JsonAndCsv_StateTheLicence_AndHoldWhatIsPublished()
    {
        var w = await app.WorldAsync();
        var client = app.CreateClient();
        var json = await client.GetAsync($"{Theme}/data.json");
        Assert.Contains("rel=\"license\"", json.Headers.GetValues("Link").Single());
        var data = await json.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("https://data.norge.no/nlod/no/2.0", data.GetProperty("licence").GetProperty("url").GetString());
        var report = Assert.Single(data.GetProperty("reports").EnumerateArray());
        Assert.Equal(w.Report, report.GetProperty("id").GetGuid());
        Assert.Equal("Kommunestyret i Asker vedtok å delta.", report.GetProperty("sections")[0].GetProperty("text").GetString());
        Assert.Equal("https://video.example.org/asker", report.GetProperty("attachments")[0].GetProperty("url").GetString());
        Assert.Equal(w.SharedLearning, Assert.Single(data.GetProperty("learning").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Contains(data.GetProperty("participants").EnumerateArray(), p => p.GetProperty("id").GetString() == "3203" && p.GetProperty("counties")[0].GetString() == "Akershus");

        var csv = await client.GetAsync($"{Theme}/data.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("type;id;deltaker_id;deltaker;fase;tittel;publisert;adresse;tekst;lisens", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"rapport;{w.Report};3203;Asker;forankring;", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"erfaring;{w.SharedLearning};3203;Asker;samskaping;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownTheme_AndUnpublishedReport_Answer404()
    {
        var w = await app.WorldAsync();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tema/finnes-ikke")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tema/finnes-ikke/data.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Theme}/rapport/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Theme}/deltaker/5524")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Theme}/rapport/{w.Report}")).StatusCode);
    }

    [Fact]
    public async Task AnonymousResponses_AreCacheable_AndARevalidation_Is304_FromThePublicationVersionAlone()
    {
        await app.WorldAsync();
        var client = app.CreateClient();
        foreach (var route in new[] { Theme, $"{Theme}/feed.atom", $"{Theme}/data.json", $"{Theme}/deltaker/3203" })
        {
            var first = await client.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(first.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 300 }, first.Headers.CacheControl?.ToString());
            Assert.NotNull(first.Content.Headers.LastModified);
            var etag = first.Headers.ETag!;

            using var sql = await SqlLog.StartAsync(app.ConnectionString);
            var again = new HttpRequestMessage(HttpMethod.Get, route);
            again.Headers.IfNoneMatch.Add(etag);
            var revalidated = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, revalidated.Headers.ETag);
            var statement = Assert.Single(sql.Commands);
            Assert.Contains("publication_versions", statement);
            Assert.DoesNotContain("programmes", statement);
        }
    }

    [Fact]
    public async Task ANewPublicationDecision_ChangesTheETag()
    {
        await app.WorldAsync();
        var client = app.CreateClient();
        var before = (await client.GetAsync(Theme)).Headers.ETag!;
        await app.StartAsync("4647", TestProgrammes.Start);

        var request = new HttpRequestMessage(HttpMethod.Get, Theme);
        request.Headers.IfNoneMatch.Add(before);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before, response.Headers.ETag);
        Assert.Contains("Sunnfjord", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SignedInRequests_AreNotStoredInSharedCaches_AndTheSiteSecurityHeadersApply()
    {
        await app.WorldAsync();
        var signedIn = await app.ClientAs(Roles.Coordinator, "3203").GetAsync(Theme);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.True(signedIn.Headers.CacheControl is { Private: true, NoCache: true, Public: false }, signedIn.Headers.CacheControl?.ToString());

        var anonymous = await app.CreateClient().GetAsync(Theme);
        Assert.Contains("default-src 'none'", anonymous.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", anonymous.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(anonymous.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Recommendations_AreReviewedByASecondOwner_CiteOnlyPublicMaterial_AndArePublishedOnTheThemePage()
    {
        var w = await app.WorldAsync();
        var anonymous = app.CreateClient();
        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"{Theme}/anbefalinger"));
        Assert.Contains("Anbefalinger fra piloten", page);
        Assert.Contains("Kommunene bør sette av tid til samskaping med elevene.", page);
        Assert.Contains($"href=\"/tema/fremtidens-kulturskole/rapport/{w.Report}\"", page);
        Assert.Contains($"href=\"/tema/fremtidens-kulturskole/deltaker/3203#erfaring-{w.SharedLearning}\"", page);
        Assert.Contains("/tema/fremtidens-kulturskole/anbefalinger", WebUtility.HtmlDecode(await anonymous.GetStringAsync(Theme)));
        var export = await anonymous.GetAsync($"{Theme}/anbefalinger?last-ned=1");
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);

        // Only what the public can follow may be cited.
        var owner = app.ClientAs(Roles.Owner);
        var unshared = await owner.PutAsJsonAsync("/api/definitions/fremtidens-kulturskole/recommendations", new
        {
            title = "Anbefalinger fra piloten",
            sections = new[] { new { title = "Intern", text = "Tekst", reports = Array.Empty<Guid>(), learning = new[] { w.UnsharedLearning } } },
        });
        Assert.Contains(w.UnsharedLearning.ToString(), await unshared.FieldErrorAsync("sections[0].learning"));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{Theme}/anbefalinger")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Steering).GetAsync("/api/definitions/fremtidens-kulturskole/recommendations")).StatusCode);
    }

    [Fact]
    public async Task EditedRecommendations_LeaveThePublicPage_UntilASecondOwnerReviewsThemAgain()
    {
        await app.WorldAsync();
        var owner = app.ClientAs(Roles.Owner);
        var second = app.ClientFor("test-owner-2", Roles.Owner);
        var body = new { title = "Anbefalinger fra piloten", sections = new[] { new { title = "Gi samskaping tid", text = "Ny tekst som ikke er gjennomgått.", reports = Array.Empty<Guid>(), learning = Array.Empty<Guid>() } } };
        (await owner.PutAsJsonAsync("/api/definitions/fremtidens-kulturskole/recommendations", body)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"{Theme}/anbefalinger")).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync("/api/definitions/fremtidens-kulturskole/recommendations/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync("/api/definitions/fremtidens-kulturskole/recommendations/review", null)).StatusCode);
        (await second.PostAsync("/api/definitions/fremtidens-kulturskole/recommendations/review", null)).EnsureSuccessStatusCode();
        (await owner.PostAsync("/api/definitions/fremtidens-kulturskole/recommendations/publish", null)).EnsureSuccessStatusCode();
        Assert.Contains("Ny tekst som ikke er gjennomgått.", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"{Theme}/anbefalinger")));
        var actions = (await TestProgrammes.JournalAsync(app, "recommendations:fremtidens-kulturskole")).Select(j => j.Action).ToList();
        Assert.Equal(["recommendations-saved", "recommendations-reviewed", "recommendations-published"], actions.TakeLast(3));
    }
}
