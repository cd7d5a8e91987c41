namespace ProsessLop.Api.Infrastructure.Auth;

/// `dotnet run --project src/ProsessLop.Api -- token --role coordinator --participant 0301`:
/// prints a bearer token signed with the local key, for trying the API without an identity provider.
/// Standard output carries the token and nothing else (messages go to standard error), so
/// `TOKEN=$(dotnet run -v q … -- token)` holds exactly the token.
public static class TokenCommand
{
    public static int Run(IConfiguration configuration, string[] args) => Run(configuration, args, Console.Out, Console.Error);

    public static int Run(IConfiguration configuration, string[] args, TextWriter output, TextWriter errors)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var role = Arg("--role") ?? Roles.Owner;
        if (!Roles.All.Contains(role))
        {
            errors.WriteLine($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.");
            return 2;
        }

        var participants = args.Select((a, i) => (a, i)).Where(x => x.a == "--participant" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
        var name = Arg("--name") ?? $"Demo {role}";
        var subject = Arg("--sub") ?? $"demo-{role}{(participants.Count > 0 ? "-" + string.Join('-', participants) : "")}";
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        try
        {
            output.WriteLine(LocalTokens.Create(options, subject, name, role, participants, TimeSpan.FromHours(12)));
            return 0;
        }
        catch (InvalidOperationException e)
        {
            errors.WriteLine(e.Message);
            return 2;
        }
    }
}
