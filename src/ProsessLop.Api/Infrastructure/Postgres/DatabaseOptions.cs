namespace ProsessLop.Api.Infrastructure.Postgres;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// Apply pending migrations when the host starts (the `migrate` command does it explicitly).
    public bool MigrateOnStartup { get; set; } = true;

    /// Where the Development host keeps its own cluster when no connection string is set.
    /// Relative paths are taken from the repository root.
    public string LocalClusterDirectory { get; set; } = ".local/postgres";

    /// Folder with initdb and pg_ctl; found automatically when empty.
    public string? PostgresBinDirectory { get; set; }
}
