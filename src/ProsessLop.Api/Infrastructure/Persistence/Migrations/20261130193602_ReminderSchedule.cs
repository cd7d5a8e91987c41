using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReminderSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No backfill here: the schedule comes from the core's calendar and policy, not SQL.
            // Existing rows stay NULL ("not derived"); the sweep reads those the old way (their
            // state, through ix_programmes_reminders_not_derived) until the nightly refresh
            // (RefreshDerivedColumns) or any command on the programme derives them.
            migrationBuilder.AddColumn<List<DateOnly>>(
                name: "reminder_dates",
                table: "programmes",
                type: "date[]",
                nullable: true);

            migrationBuilder.AddColumn<List<DateOnly>>(
                name: "reminder_dues",
                table: "programmes",
                type: "date[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reminder_items",
                table: "programmes",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_programmes_reminder_dates",
                table: "programmes",
                column: "reminder_dates")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_reminders_not_derived",
                table: "programmes",
                column: "earliest_open_due",
                filter: "reminder_dates IS NULL AND status = 'Active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_programmes_reminder_dates",
                table: "programmes");

            migrationBuilder.DropIndex(
                name: "ix_programmes_reminders_not_derived",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "reminder_dates",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "reminder_dues",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "reminder_items",
                table: "programmes");
        }
    }
}
