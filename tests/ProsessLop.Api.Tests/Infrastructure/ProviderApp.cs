using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.People;

namespace ProsessLop.Api.Tests.Infrastructure;

/// The host on a real port with a real OpenID Connect provider (OpenIddict, TestIdentityProvider)
/// on another loopback port, configured as production would be: no demo sign-in.
public partial class ProviderApp : KestrelApp
{
    public const string Provider = "testidp";

    public TestIdentityProvider Idp { get; private set; } = null!;

    /// A third person beside the provider's own two, for the tests that give someone a role.
    public static readonly TestUser Per = new("per", "b7f3c0de-0003-4a6e-9d1b-000000000003", "Per Hansen", "per.hansen@example.no");

    public override async Task InitializeAsync()
    {
        Idp = await TestIdentityProvider.StartAsync([.. TestIdentityProvider.DefaultUsers, Per]);
        await base.InitializeAsync();
        await Idp.AllowRelyingPartyAsync(BaseUrl, Provider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Idp.ProviderSettings(Provider))
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Idp is not null)
        {
            await Idp.DisposeAsync();
        }
    }

    /// Links a person to a provider identity, as an accepted invitation would.
    public async Task LinkAsync(string personId, string username) =>
        await WithDbAsync(async db =>
        {
            db.ExternalIdentities.Add(new ExternalIdentity
            {
                Id = Guid.CreateVersion7(), PersonId = personId, Provider = Provider, Key = Idp.User(username).Subject, LinkedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

    /// The one-time token of the newest invitation mail to an address, read as the relay would
    /// (the outbox keeps the body encrypted).
    public async Task<string> InvitationTokenAsync(string email)
    {
        var message = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.To.Contains(email)).OrderByDescending(m => m.CreatedAt).FirstAsync());
        var readable = EmailOutbox.Readable(message, Services.GetRequiredService<IDataProtectionProvider>());
        return InvitationLink().Match(readable.Text).Groups[1].Value;
    }

    [GeneratedRegex("/invitasjon/([A-Za-z0-9_-]+)")]
    private static partial Regex InvitationLink();
}
