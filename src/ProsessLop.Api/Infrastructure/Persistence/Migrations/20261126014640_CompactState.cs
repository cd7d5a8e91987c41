using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CompactState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The state document no longer carries a history (the journal is the history);
            // every command reads and rewrites the document, so it should be small.
            migrationBuilder.Sql("UPDATE programmes SET state = state - 'history' WHERE state ? 'history';");
            // lz4 compresses and decompresses the document several times faster than the
            // default pglz. A server built without lz4 keeps pglz (same data, slower).
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    ALTER TABLE programmes ALTER COLUMN state SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    RAISE NOTICE 'lz4 is not available on this server; programmes.state stays pglz';
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE programmes ALTER COLUMN state SET COMPRESSION default;");
        }
    }
}
