using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Reminders;

/// Without an SMTP server (the Development default) mails land as .eml files.
public sealed class PickupApp : ProsessApp
{
    public string MailDirectory { get; } = Directory.CreateTempSubdirectory("prosesslop-mail-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
    }
}

public sealed class PickupDirectoryTests(PickupApp app) : IClassFixture<PickupApp>
{
    [Fact]
    public async Task WithoutSmtp_MailsAreWrittenAsEmlFiles_ANewcomerCanOpen()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<EmailOutbox>().Enqueue(new EmailMessage(["kari@kommune.test"], "Påminnelse: «Kartleggingsrapport» har frist 18.10.2027", "<p>Hei</p>", "Hei"));
            await scope.ServiceProvider.GetRequiredService<Api.Infrastructure.Persistence.ProsessDb>().SaveChangesAsync();
        }

        var relayed = await app.SendAsync<RelayResult>(new RelayOutbox());

        Assert.Equal(1, relayed.Sent);
        var file = Assert.Single(Directory.GetFiles(app.MailDirectory, "*.eml"));
        var mail = await MimeMessage.LoadAsync(file);
        Assert.Equal("Påminnelse: «Kartleggingsrapport» har frist 18.10.2027", mail.Subject);
        Assert.Equal("kari@kommune.test", mail.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task HangfireDashboard_IsForOwnersOnly()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(Roles.Owner).GetAsync("/hangfire")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await app.ClientAs(Roles.Steering).GetAsync("/hangfire")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await app.ClientAs(Roles.Coordinator, "0301").GetAsync("/hangfire")).StatusCode);
        // Someone not signed in is sent to sign in, as on every page.
        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/logg-inn", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

/// `Host__Role=jobs`: a job server with no API; `web`: an API with no job server.
public sealed class JobsOnlyApp : ProsessApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Host:Role", "jobs");
    }
}

public sealed class WebOnlyApp : ProsessApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Host:Role", "web");
    }
}

public sealed class JobsOnlyHostTests(JobsOnlyApp app) : IClassFixture<JobsOnlyApp>
{
    [Fact]
    public async Task JobsHost_ServesNoApi_ButRunsJobs()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Owner).GetAsync("/api/municipalities")).StatusCode);
        Assert.Contains(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
    }
}

public sealed class WebOnlyHostTests(WebOnlyApp app) : IClassFixture<WebOnlyApp>
{
    [Fact]
    public async Task WebHost_ServesTheApi_WithoutAJobServer()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(Roles.Owner).GetAsync("/api/municipalities")).StatusCode);
        Assert.DoesNotContain(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        // It can still enqueue work for the job servers.
        Assert.NotNull(app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Console.WriteLine("ok")));
    }
}
