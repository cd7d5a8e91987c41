using System.Net;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Language;
using ProsessLop.Api.Tests.People;
using static ProsessLop.Api.Tests.Language.PageWords;

namespace ProsessLop.Api.Tests.Definitions;

/// The studio's start page in the reader's standard (the rest of /studio is still bokmål only).
public sealed class StudioNynorskTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private async Task<string> PageAsync(string acceptLanguage)
    {
        var owner = await app.SignedInToPagesAsync();
        owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return await PageWords.PageAsync(await owner.GetAsync("/studio"));
    }

    [Fact]
    public async Task The_studio_start_page_reads_nynorsk_to_an_owner_who_reads_nynorsk()
    {
        var nn = await PageAsync("nn-NO");
        Assert.Contains("lang=\"nn\"", nn);
        Reads(nn,
            ["Her lagar og endrar programeigarar utviklingsprogram", "Start eit nytt utkast", "Publiserte program</h2>", "<h3 id=\"program-fremtidens-kulturskole\">Framtidas kulturskule</h3>",
             "Eigd av KS og Norsk kulturskoleråd.", "<th scope=\"col\">Kjelde</th>", "Last ned <span class=\"visually-hidden\">versjon 2 av Framtidas kulturskule</span> som fil"],
            ["Her lager og endrer programeiere", "Start et nytt utkast", "Publiserte programmer", "Eies av", "<th scope=\"col\">Kilde</th>"]);

        var nb = await PageAsync("nb-NO");
        Reads(nb,
            ["Her lager og endrer programeiere utviklingsprogrammer", "Start et nytt utkast", "Publiserte programmer</h2>", "Fremtidens kulturskole</h3>", "Eies av KS og Norsk kulturskoleråd.",
             "Last ned <span class=\"visually-hidden\">versjon 1 av Fremtidens kulturskole</span> som fil"],
            ["programeigarar", "Start eit", "Eigd av", "Kjelde", "Framtidas kulturskule"]);
    }
}
