using System.Net;
using Microsoft.AspNetCore.Hosting;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Publication;

/// The anonymous theme pages are limited per client address; nothing else is.
public sealed class PublicRateLimitTests(PublicRateLimitTests.LowLimitApp app) : IClassFixture<PublicRateLimitTests.LowLimitApp>
{
    public sealed class LowLimitApp : ProsessApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimit:PublicPerMinute", "3");
        }
    }

    [Fact]
    public async Task ThemePages_Answer429_WithRetryAfter_OnceAClientUsedItsMinute_AndOtherPathsAreNotLimited()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tema/fremtidens-kulturskole/data.json")).StatusCode);
        }

        var refused = await client.GetAsync("/tema/fremtidens-kulturskole");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
