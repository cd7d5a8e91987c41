using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReminderNobodyToSendToIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_reminder_deliveries_sent_at",
                table: "reminder_deliveries",
                column: "sent_at",
                filter: "recipients = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_reminder_deliveries_sent_at",
                table: "reminder_deliveries");
        }
    }
}
