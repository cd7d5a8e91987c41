using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ProgrammesHotUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_programmes_earliest_open_due",
                table: "programmes");

            migrationBuilder.DropIndex(
                name: "ix_programmes_reminders_not_derived",
                table: "programmes");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_reminders_not_derived",
                table: "programmes",
                column: "id",
                filter: "reminder_dates IS NULL AND status = 'Active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_programmes_reminders_not_derived",
                table: "programmes");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_earliest_open_due",
                table: "programmes",
                column: "earliest_open_due");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_reminders_not_derived",
                table: "programmes",
                column: "earliest_open_due",
                filter: "reminder_dates IS NULL AND status = 'Active'");
        }
    }
}
