using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ContactSubjectUniquePerParticipant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A sign-in linked to several contacts of one participant keeps its oldest link; the
            // others are unlinked (an owner can link them again once it is clear who is who), and
            // the journal says so, as it does for every change.
            migrationBuilder.Sql("""
                WITH unlinked AS (
                    UPDATE contact_persons c SET user_subject = NULL
                    WHERE c.user_subject IS NOT NULL AND EXISTS (
                        SELECT 1 FROM contact_persons o
                        WHERE o.participant_id = c.participant_id AND o.user_subject = c.user_subject
                          AND (o.created_at, o.id) < (c.created_at, c.id))
                    RETURNING c.id, c.participant_id
                )
                INSERT INTO journal_entries (programme_id, participant_id, actor_id, actor_name, action, target, before, after, at)
                SELECT NULL, u.participant_id, 'system', 'ProsessLøp', 'contact-unlinked', 'contact:' || u.id,
                       NULL, jsonb_build_object('reason', 'Innloggingen var koblet til flere kontaktpersoner hos samme deltaker.'), now()
                FROM unlinked u;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_contact_persons_participant_id_user_subject",
                table: "contact_persons",
                columns: new[] { "participant_id", "user_subject" },
                unique: true,
                filter: "user_subject IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contact_persons_participant_id_user_subject",
                table: "contact_persons");
        }
    }
}
