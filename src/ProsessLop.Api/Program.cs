using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;

// Subcommands: (none) run the service · migrate · token --role R [--participant P]... · bootstrap-owner --email E [--name N] [--organisation O]
var command = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='));
var builder = WebApplication.CreateBuilder(args);

if (command == "token")
{
    return TokenCommand.Run(builder.Configuration, args.SkipWhile(a => a != "token").Skip(1).ToArray());
}

if (command == "bootstrap-owner")
{
    // Standard output carries the link and nothing else; every log line goes to standard error.
    // (Configuration, not code: the start-up logger that reports the local cluster reads it too.)
    builder.Configuration["Logging:Console:LogToStandardErrorThreshold"] = nameof(LogLevel.Trace);
}

try
{
    builder.AddProsessLop();
    var app = builder.Build();

    if (command == "migrate")
    {
        await app.Services.MigrateAsync(app.Logger);
        await Console.Out.WriteLineAsync("Migrations applied.");
        return 0;
    }

    if (command == "bootstrap-owner")
    {
        return await ProsessLop.Api.Features.People.BootstrapOwner.RunAsync(app, args.SkipWhile(a => a != "bootstrap-owner").Skip(1).ToArray(), Console.Out, Console.Error);
    }

    await app.UseProsessLopAsync();
    await app.RunAsync();
    return 0;
}
catch (StartupException e)
{
    // Something the operator can fix: one clear message, no stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

public partial class Program;
