using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WrittenStandards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The scaffold also wrote 357 empty UpdateData calls for the seeded municipalities
            // (no column changed: the default is the seeds' value); removed.
            migrationBuilder.AddColumn<string>(
                name: "written_standard",
                table: "regions",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Neutral");

            migrationBuilder.AddColumn<string>(
                name: "written_standard",
                table: "people",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "written_standard",
                table: "municipalities",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Neutral");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "written_standard",
                table: "regions");

            migrationBuilder.DropColumn(
                name: "written_standard",
                table: "people");

            migrationBuilder.DropColumn(
                name: "written_standard",
                table: "municipalities");
        }
    }
}
