using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Publication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "published_at",
                table: "learning_entries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sharing",
                table: "learning_entries",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Private");

            migrationBuilder.CreateTable(
                name: "publication_versions",
                columns: table => new
                {
                    definition_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_publication_versions", x => x.definition_key);
                });

            migrationBuilder.CreateTable(
                name: "report_publications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    report_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    definition_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    participant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    participant_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    stage_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    exemption_basis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    sections = table.Column<string>(type: "jsonb", nullable: false),
                    attachments = table.Column<string>(type: "jsonb", nullable: false),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_publications", x => x.id);
                    table.ForeignKey(
                        name: "fk_report_publications_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_learning_entries_sharing_published_at",
                table: "learning_entries",
                columns: new[] { "sharing", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_report_publications_definition_key_status_published_at",
                table: "report_publications",
                columns: new[] { "definition_key", "status", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_report_publications_programme_id_report_key",
                table: "report_publications",
                columns: new[] { "programme_id", "report_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "publication_versions");

            migrationBuilder.DropTable(
                name: "report_publications");

            migrationBuilder.DropIndex(
                name: "ix_learning_entries_sharing_published_at",
                table: "learning_entries");

            migrationBuilder.DropColumn(
                name: "published_at",
                table: "learning_entries");

            migrationBuilder.DropColumn(
                name: "sharing",
                table: "learning_entries");
        }
    }
}
