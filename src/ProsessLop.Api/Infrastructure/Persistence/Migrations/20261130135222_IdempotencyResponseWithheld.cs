using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyResponseWithheld : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "response_withheld",
                table: "idempotency_keys",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Feed URLs already kept in clear (the Location of a created calendar feed) go now,
            // not when their key expires.
            migrationBuilder.Sql("""
                UPDATE idempotency_keys
                SET response_withheld = true, response_body = NULL, location = NULL, content_type = NULL
                WHERE status_code BETWEEN 200 AND 299 AND location LIKE '%/calendar/%.ics';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "response_withheld",
                table: "idempotency_keys");
        }
    }
}
