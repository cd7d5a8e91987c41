using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    participant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.id);
                    table.CheckConstraint("ck_calendar_feeds_target", "(kind = 'Participant' AND participant_id IS NOT NULL) OR (kind = 'Person' AND subject IS NOT NULL)");
                });

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
                name: "idempotency_keys",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    content_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.user_id, x.key });
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
                name: "municipalities",
                columns: table => new
                {
                    number = table.Column<string>(type: "character(4)", fixedLength: true, maxLength: 4, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    county_number = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    county_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_municipalities", x => x.number);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient_subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    to = table.Column<List<string>>(type: "text[]", nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    html = table.Column<string>(type: "text", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
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
                name: "published_definitions",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    file = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_published_definitions", x => new { x.key, x.version });
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "status_snapshots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    compiled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    definition_versions = table.Column<List<int>>(type: "integer[]", nullable: false),
                    compiled_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_status_snapshots", x => x.id);
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
                name: "reminder_deliveries",
                columns: table => new
                {
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    rule_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    due = table.Column<DateOnly>(type: "date", nullable: false),
                    send_on = table.Column<DateOnly>(type: "date", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recipients = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_deliveries", x => new { x.programme_id, x.item_key, x.rule_key, x.due });
                    table.ForeignKey(
                        name: "fk_reminder_deliveries_programmes_programme_id",
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

            migrationBuilder.CreateTable(
                name: "region_members",
                columns: table => new
                {
                    region_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_number = table.Column<string>(type: "character(4)", fixedLength: true, maxLength: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_region_members", x => new { x.region_id, x.municipality_number });
                    table.ForeignKey(
                        name: "fk_region_members_municipalities_municipality_number",
                        column: x => x.municipality_number,
                        principalTable: "municipalities",
                        principalColumn: "number",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_region_members_regions_region_id",
                        column: x => x.region_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "municipalities",
                columns: new[] { "number", "county_name", "county_number", "name" },
                values: new object[,]
                {
                    { "0301", "Oslo", "03", "Oslo" },
                    { "1101", "Rogaland", "11", "Eigersund" },
                    { "1103", "Rogaland", "11", "Stavanger" },
                    { "1106", "Rogaland", "11", "Haugesund" },
                    { "1108", "Rogaland", "11", "Sandnes" },
                    { "1111", "Rogaland", "11", "Sokndal" },
                    { "1112", "Rogaland", "11", "Lund" },
                    { "1114", "Rogaland", "11", "Bjerkreim" },
                    { "1119", "Rogaland", "11", "Hå" },
                    { "1120", "Rogaland", "11", "Klepp" },
                    { "1121", "Rogaland", "11", "Time" },
                    { "1122", "Rogaland", "11", "Gjesdal" },
                    { "1124", "Rogaland", "11", "Sola" },
                    { "1127", "Rogaland", "11", "Randaberg" },
                    { "1130", "Rogaland", "11", "Strand" },
                    { "1133", "Rogaland", "11", "Hjelmeland" },
                    { "1134", "Rogaland", "11", "Suldal" },
                    { "1135", "Rogaland", "11", "Sauda" },
                    { "1144", "Rogaland", "11", "Kvitsøy" },
                    { "1145", "Rogaland", "11", "Bokn" },
                    { "1146", "Rogaland", "11", "Tysvær" },
                    { "1149", "Rogaland", "11", "Karmøy" },
                    { "1151", "Rogaland", "11", "Utsira" },
                    { "1160", "Rogaland", "11", "Vindafjord" },
                    { "1505", "Møre og Romsdal", "15", "Kristiansund" },
                    { "1506", "Møre og Romsdal", "15", "Molde" },
                    { "1508", "Møre og Romsdal", "15", "Ålesund" },
                    { "1511", "Møre og Romsdal", "15", "Vanylven" },
                    { "1514", "Møre og Romsdal", "15", "Sande" },
                    { "1515", "Møre og Romsdal", "15", "Herøy (Møre og Romsdal)" },
                    { "1516", "Møre og Romsdal", "15", "Ulstein" },
                    { "1517", "Møre og Romsdal", "15", "Hareid" },
                    { "1520", "Møre og Romsdal", "15", "Ørsta" },
                    { "1525", "Møre og Romsdal", "15", "Stranda" },
                    { "1528", "Møre og Romsdal", "15", "Sykkylven" },
                    { "1531", "Møre og Romsdal", "15", "Sula" },
                    { "1532", "Møre og Romsdal", "15", "Giske" },
                    { "1535", "Møre og Romsdal", "15", "Vestnes" },
                    { "1539", "Møre og Romsdal", "15", "Rauma" },
                    { "1547", "Møre og Romsdal", "15", "Aukra" },
                    { "1554", "Møre og Romsdal", "15", "Averøy" },
                    { "1557", "Møre og Romsdal", "15", "Gjemnes" },
                    { "1560", "Møre og Romsdal", "15", "Tingvoll" },
                    { "1563", "Møre og Romsdal", "15", "Sunndal" },
                    { "1566", "Møre og Romsdal", "15", "Surnadal" },
                    { "1573", "Møre og Romsdal", "15", "Smøla" },
                    { "1576", "Møre og Romsdal", "15", "Aure" },
                    { "1577", "Møre og Romsdal", "15", "Volda" },
                    { "1578", "Møre og Romsdal", "15", "Fjord" },
                    { "1579", "Møre og Romsdal", "15", "Hustadvika" },
                    { "1580", "Møre og Romsdal", "15", "Haram" },
                    { "1804", "Nordland", "18", "Bodø" },
                    { "1806", "Nordland", "18", "Narvik" },
                    { "1811", "Nordland", "18", "Bindal" },
                    { "1812", "Nordland", "18", "Sømna" },
                    { "1813", "Nordland", "18", "Brønnøy" },
                    { "1815", "Nordland", "18", "Vega" },
                    { "1816", "Nordland", "18", "Vevelstad" },
                    { "1818", "Nordland", "18", "Herøy (Nordland)" },
                    { "1820", "Nordland", "18", "Alstahaug" },
                    { "1822", "Nordland", "18", "Leirfjord" },
                    { "1824", "Nordland", "18", "Vefsn" },
                    { "1825", "Nordland", "18", "Grane" },
                    { "1826", "Nordland", "18", "Aarborte - Hattfjelldal" },
                    { "1827", "Nordland", "18", "Dønna" },
                    { "1828", "Nordland", "18", "Nesna" },
                    { "1832", "Nordland", "18", "Hemnes" },
                    { "1833", "Nordland", "18", "Rana - Raane" },
                    { "1834", "Nordland", "18", "Lurøy" },
                    { "1835", "Nordland", "18", "Træna" },
                    { "1836", "Nordland", "18", "Rødøy" },
                    { "1837", "Nordland", "18", "Meløy" },
                    { "1838", "Nordland", "18", "Gildeskål" },
                    { "1839", "Nordland", "18", "Beiarn" },
                    { "1840", "Nordland", "18", "Saltdal" },
                    { "1841", "Nordland", "18", "Fauske - Fuossko" },
                    { "1845", "Nordland", "18", "Sørfold - Fuolldá" },
                    { "1848", "Nordland", "18", "Steigen" },
                    { "1851", "Nordland", "18", "Lødingen" },
                    { "1853", "Nordland", "18", "Evenes - Evenášši" },
                    { "1856", "Nordland", "18", "Røst" },
                    { "1857", "Nordland", "18", "Værøy" },
                    { "1859", "Nordland", "18", "Flakstad" },
                    { "1860", "Nordland", "18", "Vestvågøy" },
                    { "1865", "Nordland", "18", "Vågan" },
                    { "1866", "Nordland", "18", "Hadsel" },
                    { "1867", "Nordland", "18", "Bø" },
                    { "1868", "Nordland", "18", "Øksnes" },
                    { "1870", "Nordland", "18", "Sortland - Suortá" },
                    { "1871", "Nordland", "18", "Andøy" },
                    { "1874", "Nordland", "18", "Moskenes" },
                    { "1875", "Nordland", "18", "Hábmer - Hamarøy" },
                    { "3101", "Østfold", "31", "Halden" },
                    { "3103", "Østfold", "31", "Moss" },
                    { "3105", "Østfold", "31", "Sarpsborg" },
                    { "3107", "Østfold", "31", "Fredrikstad" },
                    { "3110", "Østfold", "31", "Hvaler" },
                    { "3112", "Østfold", "31", "Råde" },
                    { "3114", "Østfold", "31", "Våler (Østfold)" },
                    { "3116", "Østfold", "31", "Skiptvet" },
                    { "3118", "Østfold", "31", "Indre Østfold" },
                    { "3120", "Østfold", "31", "Rakkestad" },
                    { "3122", "Østfold", "31", "Marker" },
                    { "3124", "Østfold", "31", "Aremark" },
                    { "3201", "Akershus", "32", "Bærum" },
                    { "3203", "Akershus", "32", "Asker" },
                    { "3205", "Akershus", "32", "Lillestrøm" },
                    { "3207", "Akershus", "32", "Nordre Follo" },
                    { "3209", "Akershus", "32", "Ullensaker" },
                    { "3212", "Akershus", "32", "Nesodden" },
                    { "3214", "Akershus", "32", "Frogn" },
                    { "3216", "Akershus", "32", "Vestby" },
                    { "3218", "Akershus", "32", "Ås" },
                    { "3220", "Akershus", "32", "Enebakk" },
                    { "3222", "Akershus", "32", "Lørenskog" },
                    { "3224", "Akershus", "32", "Rælingen" },
                    { "3226", "Akershus", "32", "Aurskog-Høland" },
                    { "3228", "Akershus", "32", "Nes" },
                    { "3230", "Akershus", "32", "Gjerdrum" },
                    { "3232", "Akershus", "32", "Nittedal" },
                    { "3234", "Akershus", "32", "Lunner" },
                    { "3236", "Akershus", "32", "Jevnaker" },
                    { "3238", "Akershus", "32", "Nannestad" },
                    { "3240", "Akershus", "32", "Eidsvoll" },
                    { "3242", "Akershus", "32", "Hurdal" },
                    { "3301", "Buskerud", "33", "Drammen" },
                    { "3303", "Buskerud", "33", "Kongsberg" },
                    { "3305", "Buskerud", "33", "Ringerike" },
                    { "3310", "Buskerud", "33", "Hole" },
                    { "3312", "Buskerud", "33", "Lier" },
                    { "3314", "Buskerud", "33", "Øvre Eiker" },
                    { "3316", "Buskerud", "33", "Modum" },
                    { "3318", "Buskerud", "33", "Krødsherad" },
                    { "3320", "Buskerud", "33", "Flå" },
                    { "3322", "Buskerud", "33", "Nesbyen" },
                    { "3324", "Buskerud", "33", "Gol" },
                    { "3326", "Buskerud", "33", "Hemsedal" },
                    { "3328", "Buskerud", "33", "Ål" },
                    { "3330", "Buskerud", "33", "Hol" },
                    { "3332", "Buskerud", "33", "Sigdal" },
                    { "3334", "Buskerud", "33", "Flesberg" },
                    { "3336", "Buskerud", "33", "Rollag" },
                    { "3338", "Buskerud", "33", "Nore og Uvdal" },
                    { "3401", "Innlandet", "34", "Kongsvinger" },
                    { "3403", "Innlandet", "34", "Hamar" },
                    { "3405", "Innlandet", "34", "Lillehammer" },
                    { "3407", "Innlandet", "34", "Gjøvik" },
                    { "3411", "Innlandet", "34", "Ringsaker" },
                    { "3412", "Innlandet", "34", "Løten" },
                    { "3413", "Innlandet", "34", "Stange" },
                    { "3414", "Innlandet", "34", "Nord-Odal" },
                    { "3415", "Innlandet", "34", "Sør-Odal" },
                    { "3416", "Innlandet", "34", "Eidskog" },
                    { "3417", "Innlandet", "34", "Grue" },
                    { "3418", "Innlandet", "34", "Åsnes" },
                    { "3419", "Innlandet", "34", "Våler (Innlandet)" },
                    { "3420", "Innlandet", "34", "Elverum" },
                    { "3421", "Innlandet", "34", "Trysil" },
                    { "3422", "Innlandet", "34", "Åmot" },
                    { "3423", "Innlandet", "34", "Stor-Elvdal" },
                    { "3424", "Innlandet", "34", "Rendalen" },
                    { "3425", "Innlandet", "34", "Engerdal" },
                    { "3426", "Innlandet", "34", "Tolga" },
                    { "3427", "Innlandet", "34", "Tynset" },
                    { "3428", "Innlandet", "34", "Alvdal" },
                    { "3429", "Innlandet", "34", "Folldal" },
                    { "3430", "Innlandet", "34", "Os" },
                    { "3431", "Innlandet", "34", "Dovre" },
                    { "3432", "Innlandet", "34", "Lesja" },
                    { "3433", "Innlandet", "34", "Skjåk" },
                    { "3434", "Innlandet", "34", "Lom" },
                    { "3435", "Innlandet", "34", "Vågå" },
                    { "3436", "Innlandet", "34", "Nord-Fron" },
                    { "3437", "Innlandet", "34", "Sel" },
                    { "3438", "Innlandet", "34", "Sør-Fron" },
                    { "3439", "Innlandet", "34", "Ringebu" },
                    { "3440", "Innlandet", "34", "Øyer" },
                    { "3441", "Innlandet", "34", "Gausdal" },
                    { "3442", "Innlandet", "34", "Østre Toten" },
                    { "3443", "Innlandet", "34", "Vestre Toten" },
                    { "3446", "Innlandet", "34", "Gran" },
                    { "3447", "Innlandet", "34", "Søndre Land" },
                    { "3448", "Innlandet", "34", "Nordre Land" },
                    { "3449", "Innlandet", "34", "Sør-Aurdal" },
                    { "3450", "Innlandet", "34", "Etnedal" },
                    { "3451", "Innlandet", "34", "Nord-Aurdal" },
                    { "3452", "Innlandet", "34", "Vestre Slidre" },
                    { "3453", "Innlandet", "34", "Øystre Slidre" },
                    { "3454", "Innlandet", "34", "Vang" },
                    { "3901", "Vestfold", "39", "Horten" },
                    { "3903", "Vestfold", "39", "Holmestrand" },
                    { "3905", "Vestfold", "39", "Tønsberg" },
                    { "3907", "Vestfold", "39", "Sandefjord" },
                    { "3909", "Vestfold", "39", "Larvik" },
                    { "3911", "Vestfold", "39", "Færder" },
                    { "4001", "Telemark", "40", "Porsgrunn" },
                    { "4003", "Telemark", "40", "Skien" },
                    { "4005", "Telemark", "40", "Notodden" },
                    { "4010", "Telemark", "40", "Siljan" },
                    { "4012", "Telemark", "40", "Bamble" },
                    { "4014", "Telemark", "40", "Kragerø" },
                    { "4016", "Telemark", "40", "Drangedal" },
                    { "4018", "Telemark", "40", "Nome" },
                    { "4020", "Telemark", "40", "Midt-Telemark" },
                    { "4022", "Telemark", "40", "Seljord" },
                    { "4024", "Telemark", "40", "Hjartdal" },
                    { "4026", "Telemark", "40", "Tinn" },
                    { "4028", "Telemark", "40", "Kviteseid" },
                    { "4030", "Telemark", "40", "Nissedal" },
                    { "4032", "Telemark", "40", "Fyresdal" },
                    { "4034", "Telemark", "40", "Tokke" },
                    { "4036", "Telemark", "40", "Vinje" },
                    { "4201", "Agder", "42", "Risør" },
                    { "4202", "Agder", "42", "Grimstad" },
                    { "4203", "Agder", "42", "Arendal" },
                    { "4204", "Agder", "42", "Kristiansand" },
                    { "4205", "Agder", "42", "Lindesnes" },
                    { "4206", "Agder", "42", "Farsund" },
                    { "4207", "Agder", "42", "Flekkefjord" },
                    { "4211", "Agder", "42", "Gjerstad" },
                    { "4212", "Agder", "42", "Vegårshei" },
                    { "4213", "Agder", "42", "Tvedestrand" },
                    { "4214", "Agder", "42", "Froland" },
                    { "4215", "Agder", "42", "Lillesand" },
                    { "4216", "Agder", "42", "Birkenes" },
                    { "4217", "Agder", "42", "Åmli" },
                    { "4218", "Agder", "42", "Iveland" },
                    { "4219", "Agder", "42", "Evje og Hornnes" },
                    { "4220", "Agder", "42", "Bygland" },
                    { "4221", "Agder", "42", "Valle" },
                    { "4222", "Agder", "42", "Bykle" },
                    { "4223", "Agder", "42", "Vennesla" },
                    { "4224", "Agder", "42", "Åseral" },
                    { "4225", "Agder", "42", "Lyngdal" },
                    { "4226", "Agder", "42", "Hægebostad" },
                    { "4227", "Agder", "42", "Kvinesdal" },
                    { "4228", "Agder", "42", "Sirdal" },
                    { "4601", "Vestland", "46", "Bergen" },
                    { "4602", "Vestland", "46", "Kinn" },
                    { "4611", "Vestland", "46", "Etne" },
                    { "4612", "Vestland", "46", "Sveio" },
                    { "4613", "Vestland", "46", "Bømlo" },
                    { "4614", "Vestland", "46", "Stord" },
                    { "4615", "Vestland", "46", "Fitjar" },
                    { "4616", "Vestland", "46", "Tysnes" },
                    { "4617", "Vestland", "46", "Kvinnherad" },
                    { "4618", "Vestland", "46", "Ullensvang" },
                    { "4619", "Vestland", "46", "Eidfjord" },
                    { "4620", "Vestland", "46", "Ulvik" },
                    { "4621", "Vestland", "46", "Voss" },
                    { "4622", "Vestland", "46", "Kvam" },
                    { "4623", "Vestland", "46", "Samnanger" },
                    { "4624", "Vestland", "46", "Bjørnafjorden" },
                    { "4625", "Vestland", "46", "Austevoll" },
                    { "4626", "Vestland", "46", "Øygarden" },
                    { "4627", "Vestland", "46", "Askøy" },
                    { "4628", "Vestland", "46", "Vaksdal" },
                    { "4629", "Vestland", "46", "Modalen" },
                    { "4630", "Vestland", "46", "Osterøy" },
                    { "4631", "Vestland", "46", "Alver" },
                    { "4632", "Vestland", "46", "Austrheim" },
                    { "4633", "Vestland", "46", "Fedje" },
                    { "4634", "Vestland", "46", "Masfjorden" },
                    { "4635", "Vestland", "46", "Gulen" },
                    { "4636", "Vestland", "46", "Solund" },
                    { "4637", "Vestland", "46", "Hyllestad" },
                    { "4638", "Vestland", "46", "Høyanger" },
                    { "4639", "Vestland", "46", "Vik" },
                    { "4640", "Vestland", "46", "Sogndal" },
                    { "4641", "Vestland", "46", "Aurland" },
                    { "4642", "Vestland", "46", "Lærdal" },
                    { "4643", "Vestland", "46", "Årdal" },
                    { "4644", "Vestland", "46", "Luster" },
                    { "4645", "Vestland", "46", "Askvoll" },
                    { "4646", "Vestland", "46", "Fjaler" },
                    { "4647", "Vestland", "46", "Sunnfjord" },
                    { "4648", "Vestland", "46", "Bremanger" },
                    { "4649", "Vestland", "46", "Stad" },
                    { "4650", "Vestland", "46", "Gloppen" },
                    { "4651", "Vestland", "46", "Stryn" },
                    { "5001", "Trøndelag", "50", "Trondheim - Tråante" },
                    { "5006", "Trøndelag", "50", "Steinkjer" },
                    { "5007", "Trøndelag", "50", "Namsos - Nåavmesjenjaelmie" },
                    { "5014", "Trøndelag", "50", "Frøya" },
                    { "5020", "Trøndelag", "50", "Osen" },
                    { "5021", "Trøndelag", "50", "Oppdal" },
                    { "5022", "Trøndelag", "50", "Rennebu" },
                    { "5025", "Trøndelag", "50", "Røros - Rosse" },
                    { "5026", "Trøndelag", "50", "Holtålen" },
                    { "5027", "Trøndelag", "50", "Midtre Gauldal" },
                    { "5028", "Trøndelag", "50", "Melhus" },
                    { "5029", "Trøndelag", "50", "Skaun" },
                    { "5031", "Trøndelag", "50", "Malvik" },
                    { "5032", "Trøndelag", "50", "Selbu" },
                    { "5033", "Trøndelag", "50", "Tydal" },
                    { "5034", "Trøndelag", "50", "Meråker" },
                    { "5035", "Trøndelag", "50", "Stjørdal" },
                    { "5036", "Trøndelag", "50", "Frosta" },
                    { "5037", "Trøndelag", "50", "Levanger - Levangke" },
                    { "5038", "Trøndelag", "50", "Verdal" },
                    { "5041", "Trøndelag", "50", "Snåase - Snåsa" },
                    { "5042", "Trøndelag", "50", "Lierne" },
                    { "5043", "Trøndelag", "50", "Raarvihke - Røyrvik" },
                    { "5044", "Trøndelag", "50", "Namsskogan" },
                    { "5045", "Trøndelag", "50", "Grong" },
                    { "5046", "Trøndelag", "50", "Høylandet" },
                    { "5047", "Trøndelag", "50", "Overhalla" },
                    { "5049", "Trøndelag", "50", "Flatanger" },
                    { "5052", "Trøndelag", "50", "Leka" },
                    { "5053", "Trøndelag", "50", "Inderøy" },
                    { "5054", "Trøndelag", "50", "Indre Fosen" },
                    { "5055", "Trøndelag", "50", "Heim" },
                    { "5056", "Trøndelag", "50", "Hitra" },
                    { "5057", "Trøndelag", "50", "Ørland" },
                    { "5058", "Trøndelag", "50", "Åfjord" },
                    { "5059", "Trøndelag", "50", "Orkland" },
                    { "5060", "Trøndelag", "50", "Nærøysund" },
                    { "5061", "Trøndelag", "50", "Rindal" },
                    { "5501", "Troms", "55", "Tromsø" },
                    { "5503", "Troms", "55", "Harstad - Hárstták" },
                    { "5510", "Troms", "55", "Kvæfjord" },
                    { "5512", "Troms", "55", "Dielddanuorri - Tjeldsund" },
                    { "5514", "Troms", "55", "Ibestad" },
                    { "5516", "Troms", "55", "Gratangen - Rivtták" },
                    { "5518", "Troms", "55", "Loabák - Lavangen" },
                    { "5520", "Troms", "55", "Bardu" },
                    { "5522", "Troms", "55", "Salangen" },
                    { "5524", "Troms", "55", "Målselv" },
                    { "5526", "Troms", "55", "Sørreisa" },
                    { "5528", "Troms", "55", "Dyrøy" },
                    { "5530", "Troms", "55", "Senja" },
                    { "5532", "Troms", "55", "Balsfjord" },
                    { "5534", "Troms", "55", "Karlsøy" },
                    { "5536", "Troms", "55", "Lyngen" },
                    { "5538", "Troms", "55", "Storfjord - Omasvuotna - Omasvuono" },
                    { "5540", "Troms", "55", "Gáivuotna - Kåfjord - Kaivuono" },
                    { "5542", "Troms", "55", "Skjervøy" },
                    { "5544", "Troms", "55", "Nordreisa - Ráisa - Raisi" },
                    { "5546", "Troms", "55", "Kvænangen" },
                    { "5601", "Finnmark", "56", "Alta" },
                    { "5603", "Finnmark", "56", "Hammerfest - Hámmerfeasta" },
                    { "5605", "Finnmark", "56", "Sør-Varanger" },
                    { "5607", "Finnmark", "56", "Vadsø" },
                    { "5610", "Finnmark", "56", "Kárášjohka - Karasjok" },
                    { "5612", "Finnmark", "56", "Guovdageaidnu - Kautokeino" },
                    { "5614", "Finnmark", "56", "Loppa" },
                    { "5616", "Finnmark", "56", "Hasvik" },
                    { "5618", "Finnmark", "56", "Måsøy" },
                    { "5620", "Finnmark", "56", "Nordkapp" },
                    { "5622", "Finnmark", "56", "Porsanger - Porsángu - Porsanki" },
                    { "5624", "Finnmark", "56", "Lebesby" },
                    { "5626", "Finnmark", "56", "Gamvik" },
                    { "5628", "Finnmark", "56", "Deatnu - Tana" },
                    { "5630", "Finnmark", "56", "Berlevåg" },
                    { "5632", "Finnmark", "56", "Båtsfjord" },
                    { "5634", "Finnmark", "56", "Vardø" },
                    { "5636", "Finnmark", "56", "Unjárga - Nesseby" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_created_by",
                table: "calendar_feeds",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);

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
                name: "ix_idempotency_keys_expires_at",
                table: "idempotency_keys",
                column: "expires_at");

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
                name: "ix_municipalities_county_number",
                table: "municipalities",
                column: "county_number");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_subject_created_at",
                table: "notifications",
                columns: new[] { "recipient_subject", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_failed_at",
                table: "outbox_messages",
                column: "failed_at",
                filter: "failed_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_next_attempt_at",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "sent_at IS NULL AND failed_at IS NULL");

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
                name: "ix_region_members_municipality_number",
                table: "region_members",
                column: "municipality_number");

            migrationBuilder.CreateIndex(
                name: "ix_regions_name",
                table: "regions",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_risks_programme_id_status",
                table: "risks",
                columns: new[] { "programme_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_status_snapshots_definition_key_compiled_at",
                table: "status_snapshots",
                columns: new[] { "definition_key", "compiled_at" });

            migrationBuilder.CreateIndex(
                name: "ix_task_assignments_contact_person_id",
                table: "task_assignments",
                column: "contact_person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_feeds");

            migrationBuilder.DropTable(
                name: "comments");

            migrationBuilder.DropTable(
                name: "deviations");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "journal_entries");

            migrationBuilder.DropTable(
                name: "learning_entries");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "published_definitions");

            migrationBuilder.DropTable(
                name: "region_members");

            migrationBuilder.DropTable(
                name: "reminder_deliveries");

            migrationBuilder.DropTable(
                name: "report_drafts");

            migrationBuilder.DropTable(
                name: "risks");

            migrationBuilder.DropTable(
                name: "status_snapshots");

            migrationBuilder.DropTable(
                name: "task_assignments");

            migrationBuilder.DropTable(
                name: "municipalities");

            migrationBuilder.DropTable(
                name: "regions");

            migrationBuilder.DropTable(
                name: "contact_persons");

            migrationBuilder.DropTable(
                name: "programmes");
        }
    }
}
