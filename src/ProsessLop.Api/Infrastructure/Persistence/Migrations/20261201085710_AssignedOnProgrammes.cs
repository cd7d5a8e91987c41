using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AssignedOnProgrammes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<Guid>>(
                name: "assigned_contact_ids",
                table: "programmes",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<List<string>>(
                name: "assigned_task_keys",
                table: "programmes",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            // The copy of each programme's assignments on its row (Programme.AssignedTaskKeys),
            // ordered by task key as the commands keep it.
            migrationBuilder.Sql(AssignmentCopy);
        }

        /// <summary>Fills the copy from task_assignments (also bench/growth-people.sql).</summary>
        public const string AssignmentCopy = """
            UPDATE programmes p
            SET assigned_task_keys = a.keys, assigned_contact_ids = a.contacts
            FROM (SELECT programme_id, array_agg(task_key ORDER BY task_key COLLATE "C") AS keys, array_agg(contact_person_id ORDER BY task_key COLLATE "C") AS contacts
                  FROM task_assignments GROUP BY programme_id) a
            WHERE p.id = a.programme_id;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "assigned_contact_ids",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "assigned_task_keys",
                table: "programmes");
        }
    }
}
