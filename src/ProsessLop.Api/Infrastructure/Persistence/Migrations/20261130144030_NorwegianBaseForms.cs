using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProsessLop.Api.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Norwegian search finds base forms: -ere/-erne/-eren become -er before stemming
    /// (LearningSearch.BaseFormsFunction), in the stored vector and the query alike. A generated
    /// column's expression cannot be altered, so the column and its index are made again.
    /// </summary>
    public partial class NorwegianBaseForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION norwegian_base_forms(text) RETURNS text
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                RETURN regexp_replace($1, '([a-zæøåäöüé]{3,}er)(ne|en|e)([^a-zæøåäöüé]|$)', '\1\3', 'gi');

                DROP INDEX ix_learning_entries_search_vector;
                ALTER TABLE learning_entries DROP COLUMN search_vector;
                ALTER TABLE learning_entries ADD COLUMN search_vector tsvector NOT NULL GENERATED ALWAYS AS (
                    to_tsvector('norwegian'::regconfig, norwegian_base_forms(coalesce(what_we_tried, '') || ' ' || coalesce(what_we_learned, '') || ' ' || coalesce(advice_to_others, '')))) STORED;
                CREATE INDEX ix_learning_entries_search_vector ON learning_entries USING gin (search_vector);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_learning_entries_search_vector;
                ALTER TABLE learning_entries DROP COLUMN search_vector;
                ALTER TABLE learning_entries ADD COLUMN search_vector tsvector NOT NULL GENERATED ALWAYS AS (
                    to_tsvector('norwegian'::regconfig, coalesce(what_we_tried, '') || ' ' || coalesce(what_we_learned, '') || ' ' || coalesce(advice_to_others, ''))) STORED;
                CREATE INDEX ix_learning_entries_search_vector ON learning_entries USING gin (search_vector);
                DROP FUNCTION norwegian_base_forms(text);
                """);
        }
    }
}
