using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ProgrammeRuntime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "response_body",
                table: "idempotency_keys",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "content_type",
                table: "idempotency_keys",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "location",
                table: "idempotency_keys",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "contact_persons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    participant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    group_role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    is_coordinator = table.Column<bool>(type: "boolean", nullable: false),
                    user_subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_persons", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "journal_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: true),
                    participant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    target = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "programmes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    definition_version = table.Column<int>(type: "integer", nullable: false),
                    participant_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    participant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    participant_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    county_numbers = table.Column<List<string>>(type: "text[]", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    current_stage_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "jsonb", nullable: false),
                    health = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    earliest_open_due = table.Column<DateOnly>(type: "date", nullable: true),
                    awaiting_review = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programmes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "comments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    author_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_comments", x => x.id);
                    table.ForeignKey(
                        name: "fk_comments_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deviations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    cause = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    consequence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    action = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deviations", x => x.id);
                    table.ForeignKey(
                        name: "fk_deviations_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "learning_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    what_we_tried = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    what_we_learned = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    advice_to_others = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    author_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                        .Annotation("Npgsql:TsVectorConfig", "norwegian")
                        .Annotation("Npgsql:TsVectorProperties", new[] { "what_we_tried", "what_we_learned", "advice_to_others" })
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_learning_entries_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "report_drafts",
                columns: table => new
                {
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    report_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    sections = table.Column<string>(type: "jsonb", nullable: false),
                    attachments = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_drafts", x => new { x.programme_id, x.report_key });
                    table.ForeignKey(
                        name: "fk_report_drafts_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    probability = table.Column<int>(type: "integer", nullable: false),
                    consequence = table.Column<int>(type: "integer", nullable: false),
                    mitigation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risks", x => x.id);
                    table.CheckConstraint("ck_risks_consequence", "consequence BETWEEN 1 AND 5");
                    table.CheckConstraint("ck_risks_probability", "probability BETWEEN 1 AND 5");
                    table.ForeignKey(
                        name: "fk_risks_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "task_assignments",
                columns: table => new
                {
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    contact_person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_task_assignments", x => new { x.programme_id, x.task_key });
                    table.ForeignKey(
                        name: "fk_task_assignments_contact_persons_contact_person_id",
                        column: x => x.contact_person_id,
                        principalTable: "contact_persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_task_assignments_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_comments_programme_id_target",
                table: "comments",
                columns: new[] { "programme_id", "target" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_persons_participant_id",
                table: "contact_persons",
                column: "participant_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_persons_user_subject",
                table: "contact_persons",
                column: "user_subject");

            migrationBuilder.CreateIndex(
                name: "ix_deviations_programme_id_status",
                table: "deviations",
                columns: new[] { "programme_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_journal_entries_participant_id_id",
                table: "journal_entries",
                columns: new[] { "participant_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_journal_entries_programme_id_id",
                table: "journal_entries",
                columns: new[] { "programme_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_learning_entries_programme_id_created_at",
                table: "learning_entries",
                columns: new[] { "programme_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_learning_entries_search_vector",
                table: "learning_entries",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_county_numbers",
                table: "programmes",
                column: "county_numbers")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_definition_key_status",
                table: "programmes",
                columns: new[] { "definition_key", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_programmes_earliest_open_due",
                table: "programmes",
                column: "earliest_open_due");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_participant_id_definition_key",
                table: "programmes",
                columns: new[] { "participant_id", "definition_key" },
                unique: true,
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_risks_programme_id_status",
                table: "risks",
                columns: new[] { "programme_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_task_assignments_contact_person_id",
                table: "task_assignments",
                column: "contact_person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "comments");

            migrationBuilder.DropTable(
                name: "deviations");

            migrationBuilder.DropTable(
                name: "journal_entries");

            migrationBuilder.DropTable(
                name: "learning_entries");

            migrationBuilder.DropTable(
                name: "report_drafts");

            migrationBuilder.DropTable(
                name: "risks");

            migrationBuilder.DropTable(
                name: "task_assignments");

            migrationBuilder.DropTable(
                name: "contact_persons");

            migrationBuilder.DropTable(
                name: "programmes");

            migrationBuilder.DropColumn(
                name: "content_type",
                table: "idempotency_keys");

            migrationBuilder.DropColumn(
                name: "location",
                table: "idempotency_keys");

            migrationBuilder.AlterColumn<string>(
                name: "response_body",
                table: "idempotency_keys",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
