using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Contacts;

public sealed class ContactTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static object Body(string name = "Kari Nordmann", string email = "kari.nordmann@bodo.kommune.no", string? userSubject = null) =>
        new { name, email, phone = "+47 900 00 000", groupRole = "Kulturskolerektor", isCoordinator = true, userSubject };

    [Fact]
    public async Task Coordinator_AddsListsAndUpdatesContacts_WithJournal()
    {
        var client = app.ClientAs(Roles.Coordinator, "1804");

        var created = await client.PostAsJsonAsync("/api/participants/1804/contacts", Body());
        var contact = await created.JsonAsync(HttpStatusCode.Created);
        var id = contact.GetProperty("id").GetGuid();
        Assert.Equal($"/api/contacts/{id}", created.Headers.Location?.OriginalString);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/participants/1804/contacts");
        Assert.Equal("Kari Nordmann", Assert.Single(list.EnumerateArray()).GetProperty("name").GetString());

        var updated = await (await client.PutAsJsonAsync($"/api/contacts/{id}", Body(email: "kari@kulturskolen.no"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("kari@kulturskolen.no", updated.GetProperty("email").GetString());
        Assert.Equal("kari@kulturskolen.no", (await app.WithDbAsync(db => db.ContactPersons.SingleAsync(c => c.Id == id))).Email);

        var journal = await TestProgrammes.JournalAsync(app, $"contact:{id}");
        Assert.Equal(["contact-added", "contact-updated"], journal.Select(j => j.Action));
        Assert.All(journal, j => Assert.Null(j.ProgrammeId));
        Assert.All(journal, j => Assert.Equal("1804", j.ParticipantId));
        Assert.Equal("kari.nordmann@bodo.kommune.no", TestProgrammes.JsonField(journal[1].Before, "email"));
    }

    [Fact]
    public async Task Coordinator_CannotLinkOrUnlinkASignIn_OnlyTheOwnerCan()
    {
        var coordinator = app.ClientAs(Roles.Coordinator, "1813");

        // Someone else's sign-in (here a person in another municipality) is refused, naming the field.
        var linked = await coordinator.PostAsJsonAsync("/api/participants/1813/contacts", Body(userSubject: "person-in-0301"));
        var problem = await linked.JsonAsync(HttpStatusCode.Forbidden);
        Assert.Equal("application/problem+json", linked.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty("userSubject", out _));
        Assert.False(await app.WithDbAsync(db => db.ContactPersons.AnyAsync(c => c.ParticipantId == "1813")));

        var id = (await (await coordinator.PostAsJsonAsync("/api/participants/1813/contacts", Body())).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await coordinator.PutAsJsonAsync($"/api/contacts/{id}", Body(userSubject: "person-in-0301"))).JsonAsync(HttpStatusCode.Forbidden);
        Assert.Null((await app.WithDbAsync(db => db.ContactPersons.SingleAsync(c => c.Id == id))).UserSubject);

        // The owner links; the coordinator may then correct the person, sending the link unchanged, but not unlink.
        await (await app.ClientAs(Roles.Owner).PutAsJsonAsync($"/api/contacts/{id}", Body(userSubject: "kari-1813"))).JsonAsync(HttpStatusCode.OK);
        var corrected = await (await coordinator.PutAsJsonAsync($"/api/contacts/{id}", Body(email: "kari@vik.kommune.no", userSubject: "kari-1813"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("kari@vik.kommune.no", "kari-1813"), (corrected.GetProperty("email").GetString(), corrected.GetProperty("userSubject").GetString()));
        await (await coordinator.PutAsJsonAsync($"/api/contacts/{id}", Body())).JsonAsync(HttpStatusCode.Forbidden);
        Assert.Equal("kari-1813", (await app.WithDbAsync(db => db.ContactPersons.SingleAsync(c => c.Id == id))).UserSubject);
        Assert.Equal(["contact-added", "contact-updated", "contact-updated"], (await TestProgrammes.JournalAsync(app, $"contact:{id}")).Select(j => j.Action));
    }

    [Fact]
    public async Task ASignIn_IsLinkedToAtMostOneContact_PerParticipant()
    {
        var owner = app.ClientAs(Roles.Owner);
        await (await owner.PostAsJsonAsync("/api/participants/1815/contacts", Body(userSubject: "ola-1815"))).JsonAsync(HttpStatusCode.Created);

        await (await owner.PostAsJsonAsync("/api/participants/1815/contacts", Body("Ola Nordmann", userSubject: "ola-1815"))).JsonAsync(HttpStatusCode.Conflict);
        var other = (await (await owner.PostAsJsonAsync("/api/participants/1815/contacts", Body("Ola Nordmann"))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await owner.PutAsJsonAsync($"/api/contacts/{other}", Body("Ola Nordmann", userSubject: "ola-1815"))).JsonAsync(HttpStatusCode.Conflict);
        // The same person may be a contact of another participant too.
        await (await owner.PostAsJsonAsync("/api/participants/1816/contacts", Body(userSubject: "ola-1815"))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(1, await app.WithDbAsync(db => db.ContactPersons.CountAsync(c => c.ParticipantId == "1815" && c.UserSubject == "ola-1815")));
        // The database holds the rule too, for writers that race past the check: they get 409, never 500.
        await Assert.ThrowsAsync<DbUpdateException>(() => app.AddContactAsync("1815", "Tvilling", userSubject: "ola-1815"));
        // Another writer has linked "samtidig" but not committed yet when the request checks.
        await using var writer = new NpgsqlConnection(app.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO contact_persons (id, participant_id, name, email, group_role, is_coordinator, user_subject, created_at) " +
            $"VALUES ('{Guid.CreateVersion7()}', '1815', 'Samtidig', 'samtidig@kommune.test', 'Leder', false, 'samtidig', now())", writer, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var racing = owner.PostAsJsonAsync("/api/participants/1815/contacts", Body("Samtidig", userSubject: "samtidig"));
        await WaitUntilABackendWaitsForALockAsync();
        await transaction.CommitAsync();
        await (await racing).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.ContactPersons.CountAsync(c => c.ParticipantId == "1815" && c.UserSubject == "samtidig")));
    }

    private async Task WaitUntilABackendWaitsForALockAsync()
    {
        await using var watcher = new NpgsqlConnection(app.ConnectionString);
        await watcher.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        for (var i = 0; i < 200 && (long)(await waiting.ExecuteScalarAsync())! == 0; i++)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task InvalidEmail_AndUnknownParticipant_AreRejected_AndNothingIsStored()
    {
        var owner = app.ClientAs(Roles.Owner);

        var badEmail = await owner.PostAsJsonAsync("/api/participants/1833/contacts", Body(email: "ikke-en-adresse"));
        Assert.Equal("E-postadressen er ikke gyldig.", await badEmail.FieldErrorAsync("email"));
        var noName = await owner.PostAsJsonAsync("/api/participants/1833/contacts", Body(name: ""));
        Assert.Equal("Navn må fylles ut.", await noName.FieldErrorAsync("name"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsJsonAsync("/api/participants/9999/contacts", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsJsonAsync($"/api/participants/{Guid.NewGuid()}/contacts", Body())).StatusCode);

        Assert.False(await app.WithDbAsync(db => db.ContactPersons.AnyAsync(c => c.ParticipantId == "1833" || c.ParticipantId == "9999")));
        Assert.False(await app.WithDbAsync(db => db.JournalEntries.AnyAsync(j => j.ParticipantId == "1833")));
    }

    [Fact]
    public async Task ForeignCoordinator_Gets404_SteeringReadsButGets403_OnWritesAndExport()
    {
        var id = await AddAsOwnerAsync("1806");
        var stranger = app.ClientAs(Roles.Coordinator, "0301");
        var steering = app.ClientAs(Roles.Steering);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/participants/1806/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync("/api/participants/1806/contacts", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"/api/contacts/{id}", Body("Endret Navn"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steering.GetAsync("/api/participants/1806/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PostAsJsonAsync("/api/participants/1806/contacts", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PutAsJsonAsync($"/api/contacts/{id}", Body("Endret Navn"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "1806").GetAsync($"/api/contacts/{id}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "1806").DeleteAsync($"/api/contacts/{id}")).StatusCode);

        var stored = Assert.Single(await app.WithDbAsync(db => db.ContactPersons.Where(c => c.ParticipantId == "1806").ToListAsync()));
        Assert.Equal("Kari Nordmann", stored.Name);
        Assert.Null(stored.ErasedAt);
        Assert.Single(await TestProgrammes.JournalAsync(app, $"contact:{id}"));
    }

    [Fact]
    public async Task Owner_ExportsEverything_ThenErases_LeavingNoPersonalData()
    {
        var programmeId = await app.StartAsync("1820", TestProgrammes.Start);
        var id = await AddAsOwnerAsync("1820");
        var owner = app.ClientAs(Roles.Owner);
        await (await owner.PutAsJsonAsync($"/api/contacts/{id}", Body(email: "kari@alstahaug.kommune.no"))).JsonAsync(HttpStatusCode.OK);
        await app.WithDbAsync(async db =>
        {
            db.TaskAssignments.Add(new TaskAssignment { ProgrammeId = programmeId, TaskKey = "forankre-politisk", ContactPersonId = id, AssignedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        var export = await (await owner.GetAsync($"/api/contacts/{id}/export")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Kari Nordmann", export.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal("forankre-politisk", Assert.Single(export.GetProperty("taskAssignments").EnumerateArray()).GetProperty("taskKey").GetString());
        Assert.Equal(["contact-added", "contact-updated"], export.GetProperty("journalEntries").EnumerateArray().Select(j => j.GetProperty("action").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/contacts/{id}")).StatusCode);

        var erased = await app.WithDbAsync(db => db.ContactPersons.SingleAsync(c => c.Id == id));
        Assert.Equal("Slettet person", erased.Name);
        Assert.DoesNotContain("kari", erased.Email, StringComparison.OrdinalIgnoreCase);
        Assert.Null(erased.Phone);
        Assert.Null(erased.UserSubject);
        Assert.NotNull(erased.ErasedAt);
        Assert.False(await app.WithDbAsync(db => db.TaskAssignments.AnyAsync(a => a.ContactPersonId == id)));
        var journal = await TestProgrammes.JournalAsync(app, $"contact:{id}");
        Assert.Equal(["contact-added", "contact-updated", "contact-erased"], journal.Select(j => j.Action));
        Assert.All(journal, j => Assert.Null(j.Before));
        Assert.All(journal, j => Assert.Null(j.After));
        Assert.Empty((await owner.GetFromJsonAsync<JsonElement>("/api/participants/1820/contacts")).EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PutAsJsonAsync($"/api/contacts/{id}", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync($"/api/contacts/{Guid.NewGuid()}")).StatusCode);
    }

    private async Task<Guid> AddAsOwnerAsync(string participantId)
    {
        var created = await app.ClientAs(Roles.Owner).PostAsJsonAsync($"/api/participants/{participantId}/contacts", Body());
        return (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}

public sealed class ErasureOfAnActorTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task Erasing_APersonWhoActed_KeepsWhatHappened_ButNotWhoDidIt()
    {
        var programme = await app.StartAsync("1824", TestProgrammes.Start);
        var contact = await app.AddContactAsync("1824", "Kari Vefsn", userSubject: "kari-vefsn");
        var kari = app.ClientFor("kari-vefsn", Roles.Coordinator, "1824");
        Assert.Equal(HttpStatusCode.Created, (await kari.PostAsJsonAsync($"/api/programmes/{programme}/comments", new { target = "forankring", text = "Vi er i gang" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await kari.PostAsJsonAsync($"/api/programmes/{programme}/learning",
            new { stageKey = "forankring", whatWeTried = "Åpen kveld", whatWeLearned = "Politikerne kom", adviceToOthers = "Inviter tidlig" })).StatusCode);
        await app.WithDbAsync(async db =>
        {
            db.Notifications.Add(new Api.Features.Notifications.Notification
            {
                Id = Guid.CreateVersion7(), RecipientSubject = "kari-vefsn", ProgrammeId = programme, Title = "Påminnelse", Body = "Frist", CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientAs(Roles.Owner).DeleteAsync($"/api/contacts/{contact}")).StatusCode);

        var (journal, comments, learning, notifications) = await app.WithDbAsync(async db => (
            await db.JournalEntries.Where(j => j.ProgrammeId == programme && j.Action != "programme-started").ToListAsync(),
            await db.Comments.Where(c => c.ProgrammeId == programme).ToListAsync(),
            await db.LearningEntries.Where(l => l.ProgrammeId == programme).ToListAsync(),
            await db.Notifications.CountAsync(n => n.RecipientSubject == "kari-vefsn")));
        Assert.Equal(2, journal.Count);
        Assert.All(journal, j => Assert.Equal(("Slettet person", false), (j.ActorName, j.ActorId.Contains("kari", StringComparison.Ordinal))));
        Assert.Equal("Slettet person", Assert.Single(comments).AuthorName);
        Assert.Equal("Vi er i gang", comments[0].Text);
        Assert.Equal("Slettet person", Assert.Single(learning).AuthorName);
        Assert.Equal(0, notifications);
    }
}

public sealed class ContactScopeTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task ExportAndErasure_ActOnlyOnWhatTheContactDid_ForItsOwnParticipant()
    {
        // Per works for two municipalities with the same sign-in: a contact of each.
        var here = await app.StartAsync("1834", TestProgrammes.Start);
        var there = await app.StartAsync("1835", TestProgrammes.Start);
        var contactHere = await app.AddContactAsync("1834", "Per Lurøy", userSubject: "per");
        await app.AddContactAsync("1835", "Per Træna", userSubject: "per");
        var perHere = app.ClientFor("per", Roles.Coordinator, "1834");
        var perThere = app.ClientFor("per", Roles.Coordinator, "1835");
        Assert.Equal(HttpStatusCode.Created, (await perHere.PostAsJsonAsync($"/api/programmes/{here}/comments", new { target = "forankring", text = "Lurøy er i gang" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await perThere.PostAsJsonAsync($"/api/programmes/{there}/comments", new { target = "forankring", text = "Træna venter på budsjett" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await perThere.PostAsJsonAsync($"/api/programmes/{there}/learning",
            new { stageKey = "forankring", whatWeTried = "Møte med rådmannen", whatWeLearned = "Tidlig dialog hjelper" })).StatusCode);
        await app.WithDbAsync(async db =>
        {
            db.Notifications.AddRange(
                new Api.Features.Notifications.Notification { Id = Guid.CreateVersion7(), RecipientSubject = "per", ProgrammeId = here, Title = "Lurøy", Body = "Frist", CreatedAt = DateTimeOffset.UtcNow },
                new Api.Features.Notifications.Notification { Id = Guid.CreateVersion7(), RecipientSubject = "per", ProgrammeId = there, Title = "Træna", Body = "Frist", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var owner = app.ClientAs(Roles.Owner);

        var export = await (await owner.GetAsync($"/api/contacts/{contactHere}/export")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("Lurøy er i gang", export.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Træna", export.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/contacts/{contactHere}")).StatusCode);

        var (journalHere, journalThere, comments, learning, notifications) = await app.WithDbAsync(async db => (
            await db.JournalEntries.Where(j => j.ProgrammeId == here && j.Action != "programme-started").ToListAsync(),
            await db.JournalEntries.Where(j => j.ProgrammeId == there && j.Action != "programme-started").ToListAsync(),
            await db.Comments.ToDictionaryAsync(c => c.ProgrammeId, c => c.AuthorId),
            await db.LearningEntries.SingleAsync(l => l.ProgrammeId == there),
            await db.Notifications.Where(n => n.RecipientSubject == "per").Select(n => n.ProgrammeId).ToListAsync()));
        Assert.All(journalHere, j => Assert.NotEqual("per", j.ActorId));
        Assert.NotEmpty(journalThere);
        Assert.All(journalThere, j => Assert.Equal(("per", "Test coordinator"), (j.ActorId, j.ActorName)));
        Assert.NotEqual("per", comments[here]);
        Assert.Equal("per", comments[there]);
        Assert.Equal("per", learning.AuthorId);
        Assert.Equal([there], notifications);
    }
}
