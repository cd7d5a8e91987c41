using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StatusSnapshotCompiledByName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "compiled_by_name",
                table: "status_snapshots",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Snapshots compiled before: the name the same sign-in last wrote to the journal with,
            // the scheduled job's own name, or (never seen) the subject as it was shown before.
            migrationBuilder.Sql("""
                UPDATE status_snapshots s SET compiled_by_name = COALESCE(
                    (SELECT j.actor_name FROM journal_entries j WHERE j.actor_id = s.compiled_by ORDER BY j.id DESC LIMIT 1),
                    CASE WHEN s.compiled_by = 'system' THEN 'ProsessLøp' ELSE s.compiled_by END);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "compiled_by_name",
                table: "status_snapshots");
        }
    }
}
