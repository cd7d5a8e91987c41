using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StateAsJsonText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            // The text as jsonb prints it (the next command writes it compact).
            ChangeStateType(migrationBuilder, "json");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            // Back to jsonb as CompactState left it.
            ChangeStateType(migrationBuilder, "jsonb");

        // Rewrites the table; lz4 is set in the same statement, so the rewritten documents are
        // compressed with it (a type change alone falls back to the server's default, pglz),
        // where the server has it.
        private static void ChangeStateType(MigrationBuilder migrationBuilder, string type) =>
            migrationBuilder.Sql($"""
                DO $$
                BEGIN
                    ALTER TABLE programmes ALTER COLUMN state TYPE {type} USING state::{type}, ALTER COLUMN state SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    ALTER TABLE programmes ALTER COLUMN state TYPE {type} USING state::{type};
                END $$;
                """);
    }
}
