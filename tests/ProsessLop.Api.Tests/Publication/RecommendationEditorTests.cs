using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using ProsessLop.Api.Features.Demo;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Publication;

/// The owners' editor for the recommendations (/anbefalinger/{key}) and the files to send, on
/// the demo data (Asker's final report, shared and unshared learning, published recommendations).
public sealed class RecommendationEditorTests(RecommendationEditorTests.EditorApp app) : IClassFixture<RecommendationEditorTests.EditorApp>
{
    private const string Key = "fremtidens-kulturskole";
    private const string Editor = "/anbefalinger/" + Key;

    public sealed class EditorApp : ProsessApp
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private bool _seeded;

        public async Task SeedAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (!_seeded)
                {
                    await using var scope = Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
                    _seeded = true;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Auth:DevelopmentSignIn", "true");
            builder.UseSetting("RateLimit:PublicPerMinute", "1000");
        }
    }

    // The tests change one shared document: one at a time, on the seeded demo data.
    private static readonly SemaphoreSlim Serial = new(1, 1);

    private async Task<IDisposable> TurnAsync()
    {
        await app.SeedAsync();
        await Serial.WaitAsync();
        return new Turn();
    }

    private sealed class Turn : IDisposable
    {
        public void Dispose() => Serial.Release();
    }

    private async Task<RecommendationDocument> StoredAsync() =>
        await app.WithDbAsync(db => db.RecommendationDocuments.AsNoTracking().SingleAsync(d => d.DefinitionKey == Key));

    private async Task<(Guid Report, Guid Shared, Guid Unshared)> MaterialAsync() => await app.WithDbAsync(async db =>
    {
        var report = await db.ReportPublications.Where(p => p.DefinitionKey == Key && p.ReportKey == "sluttrapport").Select(p => p.Id).SingleAsync();
        var shared = await db.LearningEntries.Where(l => l.Sharing == LearningSharing.Public).Select(l => l.Id).FirstAsync();
        var unshared = await db.LearningEntries.Where(l => l.Sharing != LearningSharing.Public).Select(l => l.Id).FirstAsync();
        return (report, shared, unshared);
    });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        await client.PostAsync(path, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", await PageClients.AntiforgeryTokenAsync(client, Editor)))));

    private static List<KeyValuePair<string, string>> Form(int revision, string title, params (string Title, string Text, Guid[] Reports, Guid[] Learning)[] sections)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Form.Title", title) };
        for (var i = 0; i < sections.Length; i++)
        {
            fields.Add(new($"Form.Sections[{i}].Title", sections[i].Title));
            fields.Add(new($"Form.Sections[{i}].Text", sections[i].Text));
            fields.AddRange(sections[i].Reports.Select(r => new KeyValuePair<string, string>($"Form.Sections[{i}].Reports", r.ToString())));
            fields.AddRange(sections[i].Learning.Select(l => new KeyValuePair<string, string>($"Form.Sections[{i}].Learning", l.ToString())));
        }

        return fields;
    }

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task Owner_SavesInTheEditor_ASecondOwnerReviews_AndPublishingPutsItOnTheThemePage()
    {
        using var turn = await TurnAsync();
        var (report, shared, _) = await MaterialAsync();
        var owner = await app.SignedInToPagesAsync();
        var page = await TextAsync(await owner.GetAsync(Editor));
        Assert.Contains((await StoredAsync()).Title, page);
        Assert.Contains("Asker: Sluttrapport", page);
        var revision = (await StoredAsync()).Revision;

        var saved = await PostAsync(owner, Editor, Form(revision, "Anbefalinger etter piloten",
            ("Gi samskaping tid", "Samskaping tar tid.\n\nDet er verdt det.", [report], [shared]),
            ("Del kunnskapen i regionene", "Regionale nettverk sprer arbeidet.", [], [])));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains($"Lagret som revisjon {revision + 1}.", await TextAsync(saved));
        var stored = await StoredAsync();
        Assert.Equal((revision + 1, RecommendationStatus.Draft, 2), (stored.Revision, stored.Status, stored.Sections.Count));
        Assert.Equal([report], stored.Sections[0].Reports);
        // Saved again, it leaves the public page until it is reviewed and published again.
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/tema/{Key}/anbefalinger")).StatusCode);

        // The one who saved cannot review: the API's four-eyes rule, answered on the page.
        var ownReview = await PostAsync(owner, Editor + "/Review", [new("Revision", stored.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Conflict, ownReview.StatusCode);
        Assert.Contains("En annen programeier enn den som skrev sist", await TextAsync(ownReview));

        var second = app.ClientFor("test-owner-2", Roles.Owner);
        var review = new HttpRequestMessage(HttpMethod.Post, $"/api/definitions/{Key}/recommendations/review");
        review.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{stored.Revision}\""));
        (await second.SendAsync(review)).EnsureSuccessStatusCode();

        var published = await PostAsync(owner, Editor + "/Publish", [new("Revision", stored.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("Anbefalingene er publisert på temasiden.", await TextAsync(published));
        var theme = await TextAsync(await app.CreateClient().GetAsync($"/tema/{Key}/anbefalinger"));
        Assert.Contains("Del kunnskapen i regionene", theme);
        Assert.Contains($"href=\"/tema/{Key}/rapport/{report}\"", theme);
    }

    [Fact]
    public async Task StaleSave_IsRefused_AndWhatWasTypedStaysOnThePage()
    {
        using var turn = await TurnAsync();
        var owner = await app.SignedInToPagesAsync();
        var loaded = (await StoredAsync()).Revision;
        // Someone else saves after the form was loaded.
        var other = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/{Key}/recommendations")
        {
            Content = JsonContent.Create(new { title = "Den andres tittel", sections = new[] { new { title = "Den andres", text = "Lagret i mellomtiden.", reports = Array.Empty<Guid>(), learning = Array.Empty<Guid>() } } }),
        };
        other.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{loaded}\""));
        (await app.ClientFor("test-owner-2", Roles.Owner).SendAsync(other)).EnsureSuccessStatusCode();

        var stale = await PostAsync(owner, Editor, Form(loaded, "Min tittel", ("Min anbefaling", "Min tekst som ikke må gå tapt.", [], [])));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await TextAsync(stale);
        Assert.Contains("lagret på nytt siden du åpnet dem", html);
        Assert.Contains(">Min tekst som ikke må gå tapt.</textarea>", html);
        Assert.Contains("Lagret i mellomtiden.", html);
        var stored = await StoredAsync();
        Assert.Equal(("Den andres tittel", loaded + 1), (stored.Title, stored.Revision));
        // The form is now made from the stored revision: saving again is a deliberate save over it.
        Assert.Contains($"name=\"Revision\" value=\"{loaded + 1}\"", html);

        // The API refuses the same with 412.
        var api = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/{Key}/recommendations")
        {
            Content = JsonContent.Create(new { title = "For sent", sections = new[] { new { title = "X", text = "Y", reports = Array.Empty<Guid>(), learning = Array.Empty<Guid>() } } }),
        };
        api.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{loaded}\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await app.ClientAs(Roles.Owner).SendAsync(api)).StatusCode);
    }

    [Fact]
    public async Task CitingUnsharedLearning_IsRefusedNextToItsSection_AndNothingIsSaved()
    {
        using var turn = await TurnAsync();
        var (report, _, unshared) = await MaterialAsync();
        var owner = await app.SignedInToPagesAsync();
        var before = await StoredAsync();
        var refused = await PostAsync(owner, Editor, Form(before.Revision, "Anbefalinger",
            ("Første", "Tekst.", [report], []), ("Andre", "Tekst.", [], [unshared])));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await TextAsync(refused);
        Assert.Contains($"Erfaringen {unshared} er ikke delt offentlig", html);
        // Next to the second section's choices, and the box is still ticked so nothing is silently dropped.
        Assert.Contains("id=\"anbefalinger-sections-1--learning-feil\"", html);
        Assert.Contains("href=\"#anbefaling-2-erfaringer\"", html);
        Assert.Contains($"value=\"{unshared}\" checked=\"checked\"", html);
        Assert.Equal(before.Revision, (await StoredAsync()).Revision);

        // An empty title is named next to its field.
        var empty = await TextAsync(await PostAsync(owner, Editor, Form(before.Revision, "Anbefalinger", ("", "Tekst.", [], []))));
        Assert.Contains("id=\"anbefaling-1-tittel\"", empty);
        Assert.Contains("aria-describedby=\"anbefalinger-sections-0--title-feil\"", empty);
    }

    [Fact]
    public async Task AddMoveAndRemove_ChangeTheFormOnly_UntilSaved()
    {
        using var turn = await TurnAsync();
        var owner = await app.SignedInToPagesAsync();
        var before = await StoredAsync();
        var fields = Form(before.Revision, "Anbefalinger", ("Første", "A.", [], []), ("Andre", "B.", [], []));
        var added = await TextAsync(await PostAsync(owner, Editor, fields.Append(new("action", "add"))));
        Assert.Contains("Anbefaling 3 er lagt til nederst.", added);
        Assert.Contains("id=\"anbefaling-3-tittel\"", added);
        var moved = await TextAsync(await PostAsync(owner, Editor, fields.Append(new("action", "down:0"))));
        Assert.True(moved.IndexOf("value=\"Andre\"", StringComparison.Ordinal) < moved.IndexOf("value=\"Første\"", StringComparison.Ordinal));
        var removed = await TextAsync(await PostAsync(owner, Editor, fields.Append(new("action", "remove:0"))));
        Assert.DoesNotContain("value=\"Første\"", removed);
        Assert.Contains("ikke lagret ennå", removed);
        Assert.Equal(before.Revision, (await StoredAsync()).Revision);
    }

    [Theory]
    [InlineData("demo-steering")]
    [InlineData("demo-coordinator-3203")]
    public async Task OthersThanOwners_Get403_OnTheEditorAndItsExports(string user)
    {
        await app.SeedAsync();
        var client = await app.SignedInToPagesAsync(user);
        foreach (var path in new[] { Editor, Editor + "/pdf", Editor + "/html", "/anbefalinger" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        }

        var owner = await app.SignedInToPagesAsync();
        var token = await PageClients.AntiforgeryTokenAsync(owner, Editor);
        // A coordinator's own form token: the post still meets the owner check.
        var refused = await client.PostAsync(Editor, new FormUrlEncodedContent([new("Revision", "0"), new("Form.Title", "X"), new("__RequestVerificationToken", token)]));
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, refused.StatusCode.ToString());
    }

    [Fact]
    public async Task Exports_ArePrintReadyHtmlAndAPdf_WithTheRecommendationsAndFullLinks()
    {
        using var turn = await TurnAsync();
        var owner = await app.SignedInToPagesAsync();
        var stored = await StoredAsync();
        var (report, _, _) = await MaterialAsync();
        var html = await owner.GetAsync(Editor + "/html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", html.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("style-src 'self' 'sha256-", html.Headers.GetValues("Content-Security-Policy").Single());
        AssertHtml(await html.Content.ReadAsStringAsync(), stored);

        var pdf = await owner.GetAsync(Editor + "/pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        AssertPdf(await pdf.Content.ReadAsByteArrayAsync(), stored);

        // Published, the same files are public from the theme page.
        await PublishedAsync();
        var anonymous = app.CreateClient();
        var recommendationsPage = await TextAsync(await anonymous.GetAsync($"/tema/{Key}/anbefalinger"));
        Assert.Contains($"href=\"/tema/{Key}/anbefalinger.pdf\"", recommendationsPage);
        var publicPdf = await anonymous.GetAsync($"/tema/{Key}/anbefalinger.pdf");
        Assert.Equal(HttpStatusCode.OK, publicPdf.StatusCode);
        Assert.NotNull(publicPdf.Headers.ETag);
        AssertPdf(await publicPdf.Content.ReadAsByteArrayAsync(), await StoredAsync());
        var publicHtml = await anonymous.GetAsync($"/tema/{Key}/anbefalinger?last-ned=1");
        Assert.Equal($"/tema/{Key}/anbefalinger.html", publicHtml.RequestMessage!.RequestUri!.AbsolutePath);
        AssertHtml(await publicHtml.Content.ReadAsStringAsync(), await StoredAsync());
        Assert.Contains($"/tema/{Key}/rapport/{report}", await publicHtml.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnpublishedRecommendations_HaveNoPublicFiles()
    {
        using var turn = await TurnAsync();
        var stored = await StoredAsync();
        var save = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/{Key}/recommendations")
        {
            Content = JsonContent.Create(new { title = "Utkast som ikke er publisert", sections = new[] { new { title = "Hemmelig utkast", text = "Ikke ute ennå. Porsáŋgu, Guovdageaidnu: č đ ŋ š ŧ ž.", reports = Array.Empty<Guid>(), learning = Array.Empty<Guid>() } } }),
        };
        save.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{stored.Revision}\""));
        (await app.ClientAs(Roles.Owner).SendAsync(save)).EnsureSuccessStatusCode();
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/tema/{Key}/anbefalinger.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/tema/{Key}/anbefalinger.html")).StatusCode);
        // The owners' export says it is a draft.
        var owner = await app.SignedInToPagesAsync();
        Assert.Contains("Utkast – ikke publisert", WebUtility.HtmlDecode(await owner.GetStringAsync(Editor + "/html")));
    }

    // Reviewed by a second owner and published, whatever state the document was left in.
    private async Task PublishedAsync()
    {
        var stored = await StoredAsync();
        if (stored.Status == RecommendationStatus.Published)
        {
            return;
        }

        if (stored.Status == RecommendationStatus.Draft)
        {
            var reviewer = stored.EditedBy == "test-owner-2" ? app.ClientAs(Roles.Owner) : app.ClientFor("test-owner-2", Roles.Owner);
            (await reviewer.PostAsync($"/api/definitions/{Key}/recommendations/review", null)).EnsureSuccessStatusCode();
        }

        (await app.ClientAs(Roles.Owner).PostAsync($"/api/definitions/{Key}/recommendations/publish", null)).EnsureSuccessStatusCode();
    }

    /// Parsed as XML (the export is polyglot markup): the title, each section's heading and text,
    /// every citation a full link to the public theme page.
    private static void AssertHtml(string text, RecommendationDocument stored)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var document = XDocument.Load(reader);
        var all = document.Descendants().ToList();
        Assert.Equal(stored.Title, all.Single(e => e.Name.LocalName == "h1").Value);
        Assert.Equal(stored.Sections.Select((s, i) => $"{i + 1}. {s.Title}"), all.Where(e => e.Name.LocalName == "h2").Select(e => e.Value));
        Assert.Contains(all, e => e.Name.LocalName == "p" && e.Value == stored.Sections[0].Text);
        var links = all.Where(e => e.Name.LocalName == "a").Select(e => (string)e.Attribute("href")!).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith("http://localhost/tema/", l, StringComparison.Ordinal));
        Assert.DoesNotContain(all, e => e.Name.LocalName is "script" or "link" or "img");
    }

    /// Read back with PDFsharp: the title in the document information, a bookmark per section
    /// (Norwegian letters intact), a link annotation per citation to the public theme page, and
    /// the embedded DejaVu Sans.
    private static void AssertPdf(byte[] bytes, RecommendationDocument stored)
    {
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
        using var pdf = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        Assert.True(pdf.PageCount >= 1);
        Assert.Equal(stored.Title, pdf.Info.Title);
        var outlines = pdf.Outlines.Select(o => o.Title).ToList();
        Assert.Equal(stored.Sections.Select((s, i) => $"{i + 1}. {s.Title}"), outlines);
        var uris = new List<string>();
        for (var p = 0; p < pdf.PageCount; p++)
        {
            var annotations = pdf.Pages[p].Elements.GetArray("/Annots");
            for (var a = 0; a < (annotations?.Elements.Count ?? 0); a++)
            {
                if (annotations!.Elements.GetDictionary(a)?.Elements.GetDictionary("/A")?.Elements.GetString("/URI") is { Length: > 0 } uri)
                {
                    uris.Add(uri);
                }
            }
        }

        var cited = stored.Sections.Sum(s => s.Reports.Count + s.Learning.Count);
        Assert.True(uris.Count(u => u.StartsWith("http://localhost/tema/fremtidens-kulturskole/", StringComparison.Ordinal)) >= cited, string.Join(", ", uris));
        var raw = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.Contains("DejaVu", raw);
        Assert.Contains("/FontFile2", raw);

        // The text as drawn: every title and the first text, Norwegian letters and all.
        var text = PdfText(pdf);
        Assert.Contains(stored.Title.Split(' ')[0], text);
        Assert.All(stored.Sections, s => Assert.Contains(s.Title, text));
        Assert.Contains(string.Join(' ', stored.Sections[0].Text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(6)), text);
    }

    /// The text drawn on the pages, decoded through each font's ToUnicode map (the glyph ids in
    /// the content streams mean nothing without it). Lines are joined with spaces.
    internal static string PdfText(PdfDocument pdf)
    {
        var text = new System.Text.StringBuilder();
        foreach (var page in pdf.Pages)
        {
            var fonts = page.Resources.Elements.GetDictionary("/Font")!;
            var maps = fonts.Elements.Keys.ToDictionary(k => k.TrimStart('/'), k => ToUnicode(fonts.Elements.GetDictionary(k)!));
            var content = string.Concat(page.Contents.Elements.Select(i => System.Text.Encoding.Latin1.GetString(((PdfReference)i).Value is PdfDictionary d ? d.Stream.UnfilteredValue : [])));
            var font = "";
            // Glyph ids as two bytes each, in hex strings <…> (broken over lines) or literal strings (…) with escapes.
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(content, @"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f\s]*)> ?Tj|\(((?:\\.|[^\\)])*)\) ?Tj"))
            {
                if (m.Groups[1].Success)
                {
                    font = m.Groups[1].Value;
                    continue;
                }

                var glyphs = m.Groups[2].Success ? Convert.FromHexString(string.Concat(m.Groups[2].Value.Where(char.IsAsciiHexDigit))) : Unescape(m.Groups[3].Value);
                for (var i = 0; i + 2 <= glyphs.Length; i += 2)
                {
                    text.Append(maps[font].GetValueOrDefault(glyphs[i] << 8 | glyphs[i + 1], "\uFFFD"));
                }

                text.Append(' ');
            }
        }

        return System.Text.RegularExpressions.Regex.Replace(text.ToString(), " +", " ");
    }

    private static byte[] Unescape(string literal)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '\\')
            {
                bytes.Add((byte)literal[i]);
                continue;
            }

            var c = literal[++i];
            if (c is >= '0' and <= '7')
            {
                var digits = 1;
                while (digits < 3 && i + digits < literal.Length && literal[i + digits] is >= '0' and <= '7')
                {
                    digits++;
                }

                bytes.Add((byte)Convert.ToInt32(literal.Substring(i, digits), 8));
                i += digits - 1;
                continue;
            }

            bytes.Add(c switch { 'n' => (byte)'\n', 'r' => (byte)'\r', 't' => (byte)'\t', 'b' => (byte)'\b', 'f' => (byte)'\f', _ => (byte)c });
        }

        return [.. bytes];
    }

    // bfchar lines "<gid> <unicode>" and bfrange lines "<first> <last> <unicode>".
    private static Dictionary<int, string> ToUnicode(PdfDictionary font)
    {
        // Without the code space range: its "<first><last>" line is no mapping.
        var cmap = System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.Latin1.GetString(font.Elements.GetDictionary("/ToUnicode")!.Stream.UnfilteredValue),
            "begincodespacerange.*?endcodespacerange", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        var map = new Dictionary<int, string>();
        static string Chars(string hex) => System.Text.Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(cmap, @"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>"))
        {
            var (first, last, start) = (Convert.ToInt32(m.Groups[1].Value, 16), Convert.ToInt32(m.Groups[2].Value, 16), Convert.ToInt32(m.Groups[3].Value, 16));
            for (var g = first; g <= last; g++)
            {
                map[g] = char.ConvertFromUtf32(start + g - first);
            }
        }

        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(cmap, @"^<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*$", System.Text.RegularExpressions.RegexOptions.Multiline))
        {
            map[Convert.ToInt32(m.Groups[1].Value, 16)] = Chars(m.Groups[2].Value);
        }

        return map;
    }
}
