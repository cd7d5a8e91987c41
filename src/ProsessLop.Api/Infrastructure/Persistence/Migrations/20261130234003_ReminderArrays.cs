using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The reminder candidates as native arrays beside reminder_dues (key, name, task or report)
    /// instead of one jsonb array: the sweep unnests the four together instead of fetching jsonb
    /// elements by position (bench/README.md, "Growth"). Rows already derived keep their
    /// candidates (copied in the same order); rows not derived yet stay NULL, as before.
    /// </summary>
    public partial class ReminderArrays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "reminder_keys",
                table: "programmes",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "reminder_names",
                table: "programmes",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<List<bool>>(
                name: "reminder_tasks",
                table: "programmes",
                type: "boolean[]",
                nullable: true);

            // Inline (compressed if need be), not out of line: the sweep reads these of every
            // Active programme, and a TOASTed array costs a fetch from the TOAST table per row
            // (the state document, far larger, goes out of line first). Set before the
            // backfill, whose rows keep their state's TOAST pointer and would push these out.
            migrationBuilder.Sql("""
                ALTER TABLE programmes
                    ALTER COLUMN reminder_dates SET STORAGE MAIN,
                    ALTER COLUMN reminder_dues SET STORAGE MAIN,
                    ALTER COLUMN reminder_keys SET STORAGE MAIN,
                    ALTER COLUMN reminder_names SET STORAGE MAIN,
                    ALTER COLUMN reminder_tasks SET STORAGE MAIN;
                """);

            migrationBuilder.Sql("""
                UPDATE programmes SET
                    reminder_keys = ARRAY(SELECT e ->> 'key' FROM jsonb_array_elements(reminder_items) WITH ORDINALITY AS x(e, n) ORDER BY n),
                    reminder_names = ARRAY(SELECT e ->> 'name' FROM jsonb_array_elements(reminder_items) WITH ORDINALITY AS x(e, n) ORDER BY n),
                    reminder_tasks = ARRAY(SELECT (e ->> 'isTask')::boolean FROM jsonb_array_elements(reminder_items) WITH ORDINALITY AS x(e, n) ORDER BY n)
                WHERE reminder_items IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "reminder_items",
                table: "programmes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE programmes ALTER COLUMN reminder_dates SET STORAGE EXTENDED, ALTER COLUMN reminder_dues SET STORAGE EXTENDED;");

            migrationBuilder.AddColumn<string>(
                name: "reminder_items",
                table: "programmes",
                type: "jsonb",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE programmes SET reminder_items = (
                    SELECT coalesce(jsonb_agg(jsonb_build_object('key', k, 'name', n, 'isTask', t, 'due', d) ORDER BY o), '[]'::jsonb)
                    FROM unnest(reminder_keys, reminder_names, reminder_tasks, reminder_dues) WITH ORDINALITY AS x(k, n, t, d, o))
                WHERE reminder_keys IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "reminder_keys",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "reminder_names",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "reminder_tasks",
                table: "programmes");
        }
    }
}
