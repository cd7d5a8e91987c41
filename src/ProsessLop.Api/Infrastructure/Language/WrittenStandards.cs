using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Infrastructure.Language;

/// A municipality's decision under språklova § 11 (or a person's own choice): nynorsk, bokmål, or
/// neutral (no decision; reads bokmål unless the browser asks for nynorsk).
[JsonConverter(typeof(CamelCaseEnumConverter<WrittenStandard>))]
public enum WrittenStandard { Neutral, Bokmal, Nynorsk }

/// The two written standards as cultures: texts (Texts.resx / Words.resx, nn satellite), dates and
/// numbers. Times stay Europe/Oslo (ShownTime); only the words and formats change.
public static class WrittenStandards
{
    public static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");
    public static readonly CultureInfo Nynorsk = CultureInfo.GetCultureInfo("nn-NO");

    /// The cookie that holds the choice of someone who is not a person here (not signed in, or a demo sign-in).
    public const string Cookie = "prosesslop-malform";

    public static CultureInfo CultureOf(WrittenStandard standard) => standard == WrittenStandard.Nynorsk ? Nynorsk : Bokmal;

    /// `nb` or `nn`: the page's `lang`, the cookie's value, the claim's value.
    public static string Code(CultureInfo culture) => IsNynorsk(culture) ? "nn" : "nb";

    public static string Code(WrittenStandard standard) => standard == WrittenStandard.Nynorsk ? "nn" : "nb";

    public static bool IsNynorsk(CultureInfo culture) => culture.TwoLetterISOLanguageName == "nn";

    /// The standard a code names: `nn`/`nn-NO` nynorsk; `nb`, `nb-NO`, `no`, `no-NO` bokmål; else none.
    public static WrittenStandard? FromCode(string? code)
    {
        var language = code?.Split('-', '_')[0].Trim().ToLowerInvariant();
        return language switch
        {
            "nn" => WrittenStandard.Nynorsk,
            "nb" or "no" => WrittenStandard.Bokmal,
            _ => null,
        };
    }

    /// The participants' decisions, for someone who belongs to several: nynorsk if any of them
    /// decided on nynorsk, bokmål if any decided on bokmål, else no decision.
    public static WrittenStandard? OfParticipants(IEnumerable<WrittenStandard> decisions)
    {
        var all = decisions.ToList();
        return all.Contains(WrittenStandard.Nynorsk) ? WrittenStandard.Nynorsk
            : all.Contains(WrittenStandard.Bokmal) ? WrittenStandard.Bokmal
            : null;
    }

    /// Runs the text building of one reader (a mail's recipient) in their standard, whoever sends it:
    /// Texts, Words and formats read the current culture. Restored when disposed.
    public static IDisposable Use(CultureInfo culture)
    {
        var (ui, formats) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        return new Restore(() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, formats));
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// The order a page's standard is chosen in: the person's own choice (saved with the person; a
    /// cookie for someone who is not a person here), else their participant's decision, else the
    /// browser's Accept-Language, else bokmål.
    public static void AddWrittenStandards(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Bokmal);
            o.SupportedCultures = [Bokmal, Nynorsk];
            o.SupportedUICultures = [Bokmal, Nynorsk];
            o.RequestCultureProviders = [new PublicAddressProvider(), new OwnChoiceProvider(), new ParticipantProvider(), new BrowserProvider()];
        });

    private static Task<ProviderCultureResult?> Result(WrittenStandard? standard) =>
        Task.FromResult(standard is { } s ? new ProviderCultureResult(CultureOf(s).Name) : null);

    /// The query parameter that names the standard in a public page's address (`?malform=nn`).
    public const string Query = "malform";

    /// 0. On the public theme pages (/tema), the standard named in the address: the language switch
    /// there is a link, not a form, and a cookie would keep the pages out of shared caches — the
    /// address keeps each standard its own cache entry.
    public sealed class PublicAddressProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext http) =>
            Result(http.Request.Path.StartsWithSegments("/tema") ? FromCode(http.Request.Query[Query].FirstOrDefault()) : null);
    }

    /// 1. The person's choice (a claim SignInResolution reads with the person's rights), or the
    /// cookie of someone who is no person here.
    public sealed class OwnChoiceProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext http)
        {
            var user = http.User;
            var person = user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == ProsessClaims.Subject)
                && user.Identity.AuthenticationType == AuthSetup.CookieKind;
            return Result(person
                ? FromCode(user.FindFirst(ProsessClaims.WrittenStandard)?.Value)
                : FromCode(http.Request.Cookies[Cookie]));
        }
    }

    /// 2. The participant's decision (owners set it per municipality or region).
    public sealed class ParticipantProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext http)
        {
            // A person's sign-in resolution read the decision with the memberships; only the demo
            // sign-in (participants from the picker, no person) asks the database here.
            if (http.User.FindFirst(ProsessClaims.ParticipantWrittenStandard) is { } resolved)
            {
                return await Result(FromCode(resolved.Value));
            }

            var participants = http.User.FindAll(ProsessClaims.Participant).Select(c => c.Value).Distinct().ToList();
            if (participants.Count == 0)
            {
                return null;
            }

            var db = http.RequestServices.GetRequiredService<ProsessDb>();
            return await Result(OfParticipants((await DecisionsAsync(db, participants, http.RequestAborted)).Values));
        }
    }

    /// The decisions (not neutral) of these participants (municipality numbers or region ids), by
    /// participant id: one round trip for municipalities, one for regions when there are any.
    public static async Task<Dictionary<string, WrittenStandard>> DecisionsAsync(ProsessDb db, IReadOnlyCollection<string> participants, CancellationToken ct)
    {
        var numbers = participants.Where(p => p.Length == 4).ToList();
        var decisions = await db.Municipalities.AsNoTracking()
            .Where(m => numbers.Contains(m.Number) && m.WrittenStandard != WrittenStandard.Neutral)
            .ToDictionaryAsync(m => m.Number, m => m.WrittenStandard, StringComparer.Ordinal, ct);
        var regions = participants.Select(p => Guid.TryParse(p, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        if (regions.Count > 0)
        {
            foreach (var r in await db.Regions.AsNoTracking()
                .Where(r => regions.Contains(r.Id) && r.WrittenStandard != WrittenStandard.Neutral)
                .Select(r => new { r.Id, r.WrittenStandard }).ToListAsync(ct))
            {
                decisions[r.Id.ToString()] = r.WrittenStandard;
            }
        }

        return decisions;
    }

    /// 3. The browser: the first of `nn`, `nn-NO`, `nb`, `nb-NO`, `no` by quality.
    public sealed class BrowserProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext http)
        {
            var asked = http.Request.GetTypedHeaders().AcceptLanguage
                .Where(l => l.Quality is null or > 0)
                .OrderByDescending(l => l.Quality ?? 1)
                .Select(l => FromCode(l.Value.Value))
                .FirstOrDefault(s => s is not null);
            return Result(asked);
        }
    }
}
