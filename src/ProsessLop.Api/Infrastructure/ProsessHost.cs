using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Deviations;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Risks;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Features.Calendar;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Jobs;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Pipeline;
using ProsessLop.Api.Infrastructure.Postgres;
using ProsessLop.Api.Infrastructure.Telemetry;
using Scalar.AspNetCore;

namespace ProsessLop.Api.Infrastructure;

/// How the host is put together; Program.cs only decides what to run.
public static class ProsessHost
{
    /// Requests larger than this are refused with 413 before any JSON is read.
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static void AddProsessLop(this WebApplicationBuilder builder)
    {
        using var startupLogs = LoggerFactory.Create(b => b.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole());
        var connectionString = DatabaseConnection.Resolve(builder.Configuration, builder.Environment, startupLogs.CreateLogger("ProsessLop.Startup"));

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ResolvedDatabase(connectionString));
        builder.AddProsessTelemetry();
        services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        // Pooled: the options are built once, not per request, and contexts are reused (the
        // context keeps no per-request state beyond what EF resets).
        services.AddDbContextPool<ProsessDb>(o => o.UseProsessLop(connectionString));

        services.AddMediator((Mediator.MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(ProsessHost)];
            // Outermost first: a span and metrics around everything (the commit included), time and
            // log it, reject invalid input, then one transaction.
            options.PipelineBehaviors = [typeof(TelemetryBehavior<,>), typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>), typeof(TransactionBehavior<,>)];
        });
        services.AddValidatorsFromAssemblyContaining<ProsessDb>(ServiceLifetime.Singleton);

        // Before AddProblemDetails: writers are asked in order, so browsers get the HTML page.
        services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, HtmlProblemWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = ErrorTexts.TraceId(ctx.HttpContext);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bad JSON throws instead of a silent empty 400, so the problem document can say what is wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowTrailingCommas = false);
        services.AddInputBoundary();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        services.AddProsessAuth(builder.Configuration, builder.Environment);
        builder.AddWebSecurity();
        services.Configure<WriteRateLimitOptions>(builder.Configuration.GetSection(WriteRateLimitOptions.Section));
        services.AddPublicRateLimit(builder.Configuration);
        services.AddSharedKeys();
        services.Configure<IdempotencyOptions>(builder.Configuration.GetSection(IdempotencyOptions.Section));
        services.AddScoped<IdempotencyClaims>();
        services.AddProsessOpenApi();
        services.AddRazorPages(o =>
        {
            // Every page needs a signed-in person with one of our roles, unless it says otherwise.
            o.Conventions.AuthorizeFolder("/", Policies.Reader);
            o.Conventions.AllowAnonymousToPage("/LoggInn");
            o.Conventions.AllowAnonymousToPage("/IngenTilgang");
            o.Conventions.AllowAnonymousToPage("/Invitasjon");
            // The choice of written standard: on every page, also before sign-in.
            o.Conventions.AllowAnonymousToPage("/Malform");
            // The public theme pages (offentleglova): for everyone, signed in or not.
            o.Conventions.AllowAnonymousToFolder("/Tema");
        });
        services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        services.AddWrittenStandards();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddProsessJobs(builder.Configuration, connectionString);
        services.Configure<WorkflowOptions>(builder.Configuration.GetSection(WorkflowOptions.Section));
        services.AddSingleton<DefinitionRegistry>();
        services.AddScoped<Features.Programmes.ProgrammeRuntime>();
        services.AddScoped<Features.Journal.Journal>();
        services.AddScoped<DraftStore>();
        services.AddSingleton<DraftValidations>();
        services.AddSingleton<FourEyesRule>();
        services.AddScoped<Features.Programmes.ReportDraftEditor>();
        services.AddScoped<Features.Publication.Publisher>();
        services.AddScoped<Features.Publication.ThemeReader>();
        services.AddScoped<Features.Publication.PublicCache>();
        services.AddScoped<Features.Demo.DemoData>();
        services.AddScoped<Features.Demo.DemoRecommendations>();
        services.AddScoped<Features.StatusReports.StatusCompiler>();
        services.AddSingleton<Features.StatusReports.ParticipantStatusCache>();
        services.AddSingleton<Features.Dashboard.TrendCache>();
        services.Configure<Features.Notifications.EmailOptions>(builder.Configuration.GetSection(Features.Notifications.EmailOptions.Section));
        services.AddScoped<Features.Notifications.EmailOutbox>();
        services.AddSingleton<Features.Notifications.IEmailSender, Features.Notifications.MailKitSender>();
    }

    /// The `migrate` subcommand (a release step): the schema, ours and Hangfire's, and nothing else.
    public static Task MigrateAsync(this IServiceProvider services, ILogger logger, CancellationToken ct = default) =>
        services.ExclusivelyAsync(logger, db => ApplySchemaAsync(services, db, migrate: true, ct), ct);

    private static async Task ExclusivelyAsync(this IServiceProvider services, ILogger logger, Func<ProsessDb, Task> work, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProsessDb>();
        await StartupLock.RunExclusiveAsync(services.GetRequiredService<ResolvedDatabase>().ConnectionString, logger, () => work(db), ct);
    }

    private static async Task ApplySchemaAsync(IServiceProvider services, ProsessDb db, bool migrate, CancellationToken ct)
    {
        if (migrate)
        {
            await db.Database.MigrateAsync(ct);
        }

        HangfireSetup.InstallSchema(services.GetRequiredService<ResolvedDatabase>().ConnectionString);
    }

    /// The database migrated (when so configured) and the definitions published: what the
    /// service and the `bootstrap-owner` command both need before they act. Under the start-up
    /// lock, so hosts starting together do it once.
    public static Task PrepareDatabaseAsync(this WebApplication app) => app.PrepareDatabaseAsync(() => Task.CompletedTask);

    private static Task PrepareDatabaseAsync(this WebApplication app, Func<Task> andThen)
    {
        var database = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return app.Services.ExclusivelyAsync(app.Logger, async db =>
        {
            await ApplySchemaAsync(app.Services, db, database.MigrateOnStartup, CancellationToken.None);
            var workflows = app.Configuration.GetSection(WorkflowOptions.Section).Get<WorkflowOptions>() ?? new WorkflowOptions();
            await app.Services.GetRequiredService<DefinitionRegistry>().PublishAsync(
                DefinitionRegistry.ResolveDirectory(workflows, app.Environment.ContentRootPath),
                db,
                app.Services.GetRequiredService<TimeProvider>(),
                app.Logger);
            await andThen();
        }, CancellationToken.None);
    }

    public static async Task UseProsessLopAsync(this WebApplication app)
    {
        // Everything a host does to the database before it serves, once, however many start together.
        await app.PrepareDatabaseAsync(async () =>
        {
            if (app.Configuration.GetSection(Features.Demo.DemoOptions.Section).Get<Features.Demo.DemoOptions>()?.Seed == true)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Features.Demo.DemoData>().SeedAsync();
            }

            SharedKeys.EnsureKey(app.Services);
        });

        app.Services.ScheduleRecurringJobs();
        var email = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value;
        foreach (var organisation in email.Missing(app.Services.GetRequiredService<DefinitionRegistry>().All.Select(d => d.Definition)))
        {
            app.Logger.LogWarning(
                "No e-mail address is configured for the organisation {Organisation} (Email__Organisations__{Organisation}__0): escalations and status mails to it reach nobody",
                organisation, organisation);
        }

        if (string.IsNullOrWhiteSpace(email.SmtpHost))
        {
            app.Logger.LogInformation("No SMTP server configured (Email__SmtpHost): e-mails are written as .eml files to {Directory}",
                MailKitSender.PickupDirectory(email, app.Environment));
        }

        var servesWeb = HostRoles.ServesWeb(app.Configuration);
        app.UseWebSecurity();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((http, next) =>
        {
            // Kestrel enforces the limit while reading; a declared length is refused before that.
            if (http.Request.ContentLength > MaxRequestBodyBytes)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return next(http);
        });
        app.UseInputBoundary();
        app.UseRateLimiter();
        app.UseStaticFiles();
        app.UseAuthentication();
        // After authentication: the person's choice and their participants come with their sign-in.
        app.UseRequestLocalization();
        app.UseReadOnlyTokens();
        if (servesWeb)
        {
            app.UseOwnerDashboardSignIn();
            app.UseHangfireDashboard(WebSecurity.DashboardPath, new DashboardOptions { Authorization = [new OwnerDashboardFilter()], DashboardTitle = "ProsessLøp – bakgrunnsjobber" },
                app.Services.GetRequiredService<Hangfire.JobStorage>());
        }

        app.UseMiddleware<WriteRateLimitMiddleware>();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference();


        if (!servesWeb)
        {
            return;
        }

        app.MapParticipants();
        app.MapDefinitions();
        app.MapProgrammes();
        app.MapDeviations();
        app.MapRisks();
        app.MapLearning();
        app.MapPublication();
        app.MapTheme();
        app.MapRecommendations();
        app.MapRecommendationExports();
        app.MapContacts();
        app.MapNotifications();
        app.MapReminders();
        app.MapRazorPages();
        app.MapStatusReports();
        app.MapCalendarFeeds();
        app.MapPeople();
    }
}
