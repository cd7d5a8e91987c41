using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OpenStateInTheRow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "programmes")
                .Annotation("Npgsql:StorageParameter:fillfactor", 65)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterColumn<string>(
                name: "state",
                table: "programmes",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb");

            migrationBuilder.AddColumn<string>(
                name: "open_state",
                table: "programmes",
                type: "jsonb",
                nullable: true);

            // An active programme's document kept in its row (Programme.OpenState): STORAGE MAIN is
            // compressed in place and moved out only if the row would not fit a page; lz4 as the
            // state column (CompactState), where the server has it.
            migrationBuilder.Sql("ALTER TABLE programmes ALTER COLUMN open_state SET STORAGE MAIN;");
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    ALTER TABLE programmes ALTER COLUMN open_state SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    RAISE NOTICE 'lz4 is not available on this server; programmes.open_state stays pglz';
                END $$;
                """);
            migrationBuilder.Sql("UPDATE programmes SET open_state = state, state = NULL WHERE status = 'Active';");

            migrationBuilder.AddCheckConstraint(
                name: "ck_programmes_state_by_status",
                table: "programmes",
                sql: "(status = 'Active') = (open_state IS NOT NULL) AND (state IS NULL) = (open_state IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_programmes_state_by_status",
                table: "programmes");

            migrationBuilder.Sql("UPDATE programmes SET state = open_state WHERE open_state IS NOT NULL;");

            migrationBuilder.DropColumn(
                name: "open_state",
                table: "programmes");

            migrationBuilder.AlterTable(
                name: "programmes")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 65);

            migrationBuilder.AlterColumn<string>(
                name: "state",
                table: "programmes",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true);
        }
    }
}
