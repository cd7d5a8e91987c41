using Npgsql;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Tests.Infrastructure;

/// People and memberships for test clients, written straight into the test database (plain
/// synchronous SQL, so building a client stays synchronous).
public static class TestPeople
{
    public const string OwnerOrganisation = "KS";
    public const string SteeringDefinition = "fremtidens-kulturskole";

    public static void Ensure(string connectionString, string personId, string name, string role, IReadOnlyCollection<string> participants)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var person = new NpgsqlCommand(
            "INSERT INTO people (id, name, email, created_at) VALUES (@id, @name, @email, now()) ON CONFLICT (id) DO NOTHING", connection);
        person.Parameters.AddWithValue("id", personId);
        person.Parameters.AddWithValue("name", name);
        person.Parameters.AddWithValue("email", $"{personId.ToLowerInvariant()}@test.invalid");
        person.ExecuteNonQuery();

        var scopes = role switch
        {
            Roles.Owner => [("Organisation", OwnerOrganisation)],
            Roles.Steering => [("Definition", SteeringDefinition)],
            _ => participants.Select(p => ("Participant", p)).ToArray(),
        };
        foreach (var (kind, id) in scopes)
        {
            using var membership = new NpgsqlCommand("""
                INSERT INTO memberships (id, person_id, role, scope_kind, scope_id, created_at, created_by)
                VALUES (@mid, @person, @role, @kind, @scope, now(), 'test')
                ON CONFLICT (person_id, scope_kind, scope_id) DO UPDATE SET role = EXCLUDED.role
                """, connection);
            membership.Parameters.AddWithValue("mid", Guid.CreateVersion7());
            membership.Parameters.AddWithValue("person", personId);
            membership.Parameters.AddWithValue("role", role);
            membership.Parameters.AddWithValue("kind", kind);
            membership.Parameters.AddWithValue("scope", id);
            membership.ExecuteNonQuery();
        }
    }

    /// A programme owner for another organisation than <see cref="OwnerOrganisation"/>.
    public static void EnsureOwner(string connectionString, string personId, string name, string organisation)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            INSERT INTO people (id, name, email, created_at) VALUES (@id, @name, @email, now()) ON CONFLICT (id) DO NOTHING;
            INSERT INTO memberships (id, person_id, role, scope_kind, scope_id, created_at, created_by)
            VALUES (@mid, @id, 'owner', 'Organisation', @organisation, now(), 'test') ON CONFLICT DO NOTHING;
            """, connection);
        command.Parameters.AddWithValue("id", personId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("email", $"{personId.ToLowerInvariant()}@test.invalid");
        command.Parameters.AddWithValue("mid", Guid.CreateVersion7());
        command.Parameters.AddWithValue("organisation", organisation);
        command.ExecuteNonQuery();
    }

    public static Guid MembershipId(string connectionString, string personId, string participant)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var query = new NpgsqlCommand("SELECT id FROM memberships WHERE person_id = @person AND scope_id = @scope", connection);
        query.Parameters.AddWithValue("person", personId);
        query.Parameters.AddWithValue("scope", participant);
        return (Guid)query.ExecuteScalar()!;
    }
}
