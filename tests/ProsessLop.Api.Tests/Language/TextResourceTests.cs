using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Texts;

namespace ProsessLop.Api.Tests.Language;

// Every text a person reads lives in a .resx pair: bokmål (neutral) and nynorsk (.nn). A key
// missing in nynorsk would fall back to bokmål and mix the two standards on one page; a
// bokmål form left in a nynorsk text is the commonest trap (Språkrådet's lists of typical errors).
public sealed class TextResourceTests
{
    /// Bokmål-only forms that must not appear in a nynorsk text (whole words, any case), with
    /// the nynorsk form in the comment.
    public static readonly string[] BokmalOnly =
    [
        "ikke",                                           // ikkje
        "oppgave", "oppgaver", "oppgaven", "oppgavene",   // oppgåve, oppgåver, oppgåva, oppgåvene
        "forsinket", "forsinkelse", "forsinkelser",       // forseinka, forseinking
        "hvis", "hva", "hvem", "hvor", "hvorfor", "hvordan", "hvilken", "hvilke", // viss/om, kva, kven, kvar, kvifor, korleis, kva for
        "ble",                                            // vart / blei
        "noen", "noe",                                    // nokon, noko
        "mye", "mer",                                     // mykje, meir
        "etter hvert",                                    // etter kvart
        "uke", "uker", "uken", "ukene",                   // veke, veker, veka, vekene
        "deltaker", "deltakere", "deltakeren", "deltakerne", // deltakar, deltakarar, deltakaren, deltakarane
        "fra",                                            // frå
        "bare",                                           // berre
        "ennå",                                           // enno
        "siden",                                          // sidan / sida
        "uten",                                           // utan
        "selv",                                           // sjølv
        "sammen", "samme",                                // saman, same
        "mens",                                           // medan
        "jeg", "dere",                                    // eg, de / dykk
        "hjem", "hjemme",                                 // heim, heime
        "annen", "annet",                                 // annan, anna
        "kommuner", "kommunene",                          // kommunar, kommunane
        "rapporter", "rapportene",                        // rapportar, rapportane
        "frister", "fristene",                            // fristar, fristane
        "dager", "dagene", "arbeidsdager",                // dagar, dagane, arbeidsdagar
        "faser", "fasene",                                // fasar, fasane
        "programeier", "eier",                            // programeigar, eigar
        "påminnelse", "påminnelser", "beskrivelse",       // påminning, påminningar, skildring
        "varslet", "lagret", "startet", "gjenåpnet", "gjenåpne", // varsla, lagra, starta, opna att, opne att
        "åpne", "åpnet",                                  // opne, opna
        "vises", "fylles", "sendes",                      // blir vist / må visast, fyllast, sendast
        "nødvendig", "tidligere",                         // naudsynt, tidlegare
        "kun",                                            // berre
    ];

    // «-lig» (nn «-leg»: ansvarleg, vanleg) and «-het» (nn «-heit»: moglegheit) endings.
    private static readonly Regex BokmalEndings = new(@"\b\p{L}{2,}(lig|lige|ligere|het|heten|hetene|heter)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // Every pair in the projects' Texts folders, found on disk so a new area's pair is checked
    // without being listed here.
    public static IEnumerable<object[]> ResourcePairs()
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory);
        return new[] { "src/ProsessLop.Api/Texts", "src/ProsessLop.Workflow/Texts" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*.nn.resx")
                .Select(f => folder + "/" + Path.GetFileName(f)[..^".nn.resx".Length]))
            .Order(StringComparer.Ordinal)
            .Select(pair => new object[] { pair });
    }

    [Fact]
    public void Every_pair_is_found()
    {
        var pairs = ResourcePairs().Select(p => (string)p[0]).ToList();
        Assert.Contains("src/ProsessLop.Api/Texts/Texts", pairs);
        Assert.Contains("src/ProsessLop.Workflow/Texts/Words", pairs);
    }

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void The_build_embeds_each_pair_and_nn_NO_reads_the_nynorsk(string file)
    {
        // A pair added to the folder but embedded under another name would fall back to bokmål
        // for every key: read each key back through the resource manager the accessor uses.
        var name = file.Split('/')[^1];
        var assembly = file.StartsWith("src/ProsessLop.Api/", StringComparison.Ordinal) ? typeof(Texts).Assembly : typeof(Words).Assembly;
        var ns = file.StartsWith("src/ProsessLop.Api/", StringComparison.Ordinal) ? "ProsessLop.Api" : "ProsessLop.Workflow.Texts";
        var manager = new System.Resources.ResourceManager($"{ns}.{name}", assembly);
        var nb = Read(file + ".resx");
        var nn = Read(file + ".nn.resx");
        foreach (var (key, text) in nn)
        {
            Assert.Equal(text, manager.GetString(key, CultureInfo.GetCultureInfo("nn-NO")));
            Assert.Equal(nb[key], manager.GetString(key, CultureInfo.GetCultureInfo("nb-NO")));
        }
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), path)).Root!
            .Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void Every_key_has_a_text_in_bokmal_and_in_nynorsk(string file)
    {
        var nb = Read(file + ".resx");
        var nn = Read(file + ".nn.resx");
        Assert.NotEmpty(nb);
        Assert.Equal(nb.Keys.Order(StringComparer.Ordinal), nn.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(nb.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => "nb: " + t.Key)
            .Concat(nn.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => "nn: " + t.Key)));
    }

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void Both_texts_of_a_key_have_the_same_blanks(string file)
    {
        var nb = Read(file + ".resx");
        var nn = Read(file + ".nn.resx");
        var blanks = new Regex(@"\{\d+\}");
        string Of(string text) => string.Join(",", blanks.Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(nb.Where(t => nn.TryGetValue(t.Key, out var other) && Of(t.Value) != Of(other)).Select(t => t.Key));
    }

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void No_nynorsk_text_holds_a_bokmal_only_word(string file)
    {
        var hits = Read(file + ".nn.resx").SelectMany(t => BokmalIn(t.Value).Select(w => $"{t.Key}: «{w}» in «{t.Value}»")).ToList();
        Assert.Empty(hits);
    }

    /// The bokmål-only words and endings found in a text said to be nynorsk.
    public static IEnumerable<string> BokmalIn(string text) =>
        BokmalOnly.Where(w => Regex.IsMatch(text, $@"(?<!\p{{L}}){Regex.Escape(w)}(?!\p{{L}})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .Concat(BokmalEndings.Matches(text).Select(m => m.Value));

    [Fact]
    public void The_scan_finds_the_typical_traps()
    {
        // The test above could pass by finding nothing at all: it must find these.
        Assert.Equal(["forsinket", "ikke", "oppgaven"], BokmalIn("Oppgaven er ikke forsinket").Order(StringComparer.Ordinal));
        Assert.Contains("ansvarlig", BokmalIn("Ansvarlig for fristen"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("etter hvert", BokmalIn("Det kjem etter hvert"));
        Assert.Empty(BokmalIn("Oppgåva er ikkje forseinka, og rapporten er levert i rute kvar veke."));
    }

    [Fact]
    public void The_built_satellite_answers_in_nynorsk_and_the_neutral_resources_in_bokmal()
    {
        // The .resx pair is only half of it: the build must embed the nn satellite and the
        // lookup must pick it for nn-NO (and fall back to bokmål for nb-NO and anything else).
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("nn-NO");
            Assert.Equal("Ikkje starta", Vocabulary.TaskNotStarted);
            Assert.Equal("Logg ut", Texts.Layout_SignOut);
            Assert.Equal("Hovudmeny", Texts.Layout_MainMenu);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("nb-NO");
            Assert.Equal("Ikke startet", Vocabulary.TaskNotStarted);
            Assert.Equal("Hovedmeny", Texts.Layout_MainMenu);
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            Assert.Equal("Ikke startet", Words.TaskNotStarted);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
