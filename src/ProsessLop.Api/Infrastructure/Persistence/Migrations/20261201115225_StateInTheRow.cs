using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StateInTheRow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Storage parameters only (ProgrammeMap says why): no rewrite and no lock beyond the
            // ALTER's. A programme already stored moves its document into the row the next time a
            // command writes it; pages written from now on keep room for a row's next version.
            migrationBuilder.AlterTable(
                name: "programmes")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50)
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 4000)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "programmes")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50)
                .OldAnnotation("Npgsql:StorageParameter:toast_tuple_target", 4000);
        }
    }
}
