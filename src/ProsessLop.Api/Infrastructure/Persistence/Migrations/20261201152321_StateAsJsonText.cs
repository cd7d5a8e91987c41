using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StateAsJsonText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The text as jsonb prints it (the next command writes it compact). Rewrites the table;
            // lz4 is set in the same statement, so the rewritten documents are compressed with it
            // (a type change alone falls back to the server's default, pglz), where the server has it.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    ALTER TABLE programmes ALTER COLUMN state TYPE json USING state::json, ALTER COLUMN state SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    ALTER TABLE programmes ALTER COLUMN state TYPE json USING state::json;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to jsonb as CompactState left it: compressed with lz4, where the server has it.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    ALTER TABLE programmes ALTER COLUMN state TYPE jsonb USING state::jsonb, ALTER COLUMN state SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    ALTER TABLE programmes ALTER COLUMN state TYPE jsonb USING state::jsonb;
                END $$;
                """);
        }
    }
}
