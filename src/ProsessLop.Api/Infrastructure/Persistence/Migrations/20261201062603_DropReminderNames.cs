using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DropReminderNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The sweep names items from the definition by key; the names were ~a third of the
            // row it scans (bench/README.md, "Session 8, round 2"). PostgreSQL drops the column
            // without rewriting the table: a row loses the bytes when it is next written.
            migrationBuilder.DropColumn(
                name: "reminder_names",
                table: "programmes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "reminder_names",
                table: "programmes",
                type: "text[]",
                nullable: true);
            // Kept in the row like the other reminder arrays (ReminderArrays).
            migrationBuilder.Sql("ALTER TABLE programmes ALTER COLUMN reminder_names SET STORAGE MAIN");
        }
    }
}
