using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DefinitionDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "content",
                table: "published_definitions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "draft_id",
                table: "published_definitions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "published_by",
                table: "published_definitions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "published_by_name",
                table: "published_definitions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "definition_drafts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    base_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    base_version = table.Column<int>(type: "integer", nullable: true),
                    json = table.Column<string>(type: "text", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_version = table.Column<int>(type: "integer", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_definition_drafts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "definition_draft_revisions",
                columns: table => new
                {
                    draft_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    saved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    saved_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    saved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_definition_draft_revisions", x => new { x.draft_id, x.number });
                    table.ForeignKey(
                        name: "fk_definition_draft_revisions_definition_drafts_draft_id",
                        column: x => x.draft_id,
                        principalTable: "definition_drafts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_definition_drafts_updated_at",
                table: "definition_drafts",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "definition_draft_revisions");

            migrationBuilder.DropTable(
                name: "definition_drafts");

            migrationBuilder.DropColumn(
                name: "content",
                table: "published_definitions");

            migrationBuilder.DropColumn(
                name: "draft_id",
                table: "published_definitions");

            migrationBuilder.DropColumn(
                name: "published_by",
                table: "published_definitions");

            migrationBuilder.DropColumn(
                name: "published_by_name",
                table: "published_definitions");
        }
    }
}
